/*
 * YAML and JSON I/O for record trees (mn_value): the last stage of the
 * pipeline. Writing goes through libyaml's emitter (never hand-quoted) and is
 * deterministic: same tree -> byte-identical text. Reading turns a YAML
 * document written by `minutes extract` back into a tree (for diff/trend).
 */
#ifndef MN_YAML_H
#define MN_YAML_H

#include <stdio.h>

#include "mn_buf.h"
#include "mn_common.h"
#include "mn_value.h"

/*
 * A YAML stream being written. Each document is preceded by "---" when the
 * stream holds more than one (or always, with explicit_start). Output goes to
 * a mn_buf so the caller decides where bytes land (atomic file writes).
 */
typedef struct mn_yaml_writer mn_yaml_writer;

MN_NODISCARD mn_yaml_writer *mn_yaml_writer_new(mn_buf *out,
                                                bool explicit_start);
MN_NODISCARD mn_status mn_yaml_write(mn_yaml_writer *w, const mn_value *doc,
                                     mn_error *err);
/* Ends the stream (flushes) and frees the writer. */
MN_NODISCARD mn_status mn_yaml_writer_close(mn_yaml_writer *w, mn_error *err);

/* One-shot: a single YAML document (no "---") appended to out. */
MN_NODISCARD mn_status mn_yaml_emit(const mn_value *doc, mn_buf *out,
                                    mn_error *err);

/*
 * Where streamed YAML goes: called with each piece of output in order;
 * returns MN_OK, or an error status that stops the emitter (the sink keeps
 * its own account of what went wrong; err then only says that writing
 * failed).
 */
typedef mn_status (*mn_yaml_sink)(void *ctx, const char *data, size_t len);

/* One-shot like mn_yaml_emit, but the text goes to sink(ctx, ...) as it is
 * produced, so a large record is never held whole in memory. After a
 * failure the sink may have received part of the document. */
MN_NODISCARD mn_status mn_yaml_emit_to(const mn_value *doc, mn_yaml_sink sink,
                                       void *ctx, mn_error *err);

/* JSON text (UTF-8, 2-space indent, keys in map order) appended to out. */
MN_NODISCARD mn_status mn_json_emit(const mn_value *doc, mn_buf *out,
                                    mn_error *err);

/*
 * Parse YAML text into a list of documents (an MN_V_LIST of trees). Plain
 * scalars become null/bool/int/float when they look like one (YAML 1.2 core
 * schema); quoted scalars stay strings. Errors name `name`:LINE:COL.
 * Aliases and anchors are rejected; nesting is capped by MN_MAX_YAML_DEPTH.
 */
MN_NODISCARD mn_status mn_yaml_load(const char *name, const char *text,
                                    size_t len, mn_value **docs, mn_error *err);

#endif
