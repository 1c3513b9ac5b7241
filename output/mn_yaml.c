/*
 * YAML and JSON I/O for record trees. The YAML writer feeds libyaml's emitter
 * and only picks scalar styles: a string any YAML reader would take for
 * something else is double-quoted. The loader drives libyaml's event parser
 * with its own depth cap, types plain scalars by the YAML 1.2 core schema and
 * rejects anchors, aliases and duplicate keys. No walk recurses in C.
 */
#include "mn_yaml.h"

#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#include "mn_alloc.h"
#include "mn_limits.h"

/*
 * libyaml produces a handful of events per input byte at most; this bound
 * only guards the event loop against a parser that stops advancing.
 */
#define MAX_EVENTS_PER_BYTE 16

#define STR_TAG "tag:yaml.org,2002:str"
#define SEQ_TAG "tag:yaml.org,2002:seq"
#define MAP_TAG "tag:yaml.org,2002:map"

/* ======================================================================
 * Plain scalar typing, shared by the loader and the writer's quoting.
 * ==================================================================== */

typedef enum plain_kind {
    PLAIN_STR,
    PLAIN_NULL,
    PLAIN_BOOL,
    PLAIN_INT,
    PLAIN_NUM
} plain_kind;

static bool
is_digit(char c)
{
    return c >= '0' && c <= '9';
}

static bool
is_hex_digit(char c)
{
    return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

static bool
is_octal_digit(char c)
{
    return c >= '0' && c <= '7';
}

/* The first-byte test spares a strlen for nearly every string written. */
static bool
equals(const char *s, size_t len, const char *word)
{
    if (len == 0)
        return word[0] == '\0';
    return s[0] == word[0] && strlen(word) == len && memcmp(s, word, len) == 0;
}

static bool
equals_any(const char *s, size_t len, const char *const *words)
{
    for (size_t i = 0; words[i]; i++)
        if (equals(s, len, words[i]))
            return true;
    return false;
}

static bool
equals_nocase(const char *s, size_t len, const char *word)
{
    if (len == 0)
        return word[0] == '\0';
    if ((s[0] | 0x20) != (word[0] | 0x20) || strlen(word) != len)
        return false;
    for (size_t i = 0; i < len; i++) {
        char c = s[i];
        if (c >= 'A' && c <= 'Z')
            c = (char)(c - 'A' + 'a');
        if (c != word[i])
            return false;
    }
    return true;
}

/* True when s[from..len) is one or more characters satisfying ok(). */
static bool
all_of(const char *s, size_t from, size_t len, bool (*ok)(char))
{
    if (from >= len)
        return false;
    for (size_t i = from; i < len; i++)
        if (!ok(s[i]))
            return false;
    return true;
}

static size_t
skip_sign(const char *s, size_t len)
{
    return len > 0 && (s[0] == '-' || s[0] == '+') ? 1 : 0;
}

/* YAML 1.2 core int: [-+]?[0-9]+ | 0o[0-7]+ | 0x[0-9a-fA-F]+ */
static int
core_int_base(const char *s, size_t len)
{
    if (len > 2 && s[0] == '0' && s[1] == 'o')
        return all_of(s, 2, len, is_octal_digit) ? 8 : 0;
    if (len > 2 && s[0] == '0' && s[1] == 'x')
        return all_of(s, 2, len, is_hex_digit) ? 16 : 0;
    return all_of(s, skip_sign(s, len), len, is_digit) ? 10 : 0;
}

static size_t
count_digits(const char *s, size_t i, size_t len)
{
    size_t n = 0;
    while (i + n < len && is_digit(s[i + n]))
        n++;
    return n;
}

/* Does s[i..len) hold nothing or a valid exponent ("e-3", "E+10")? */
static bool
exponent_ends(const char *s, size_t i, size_t len)
{
    if (i < len && (s[i] == 'e' || s[i] == 'E')) {
        i++;
        if (i < len && (s[i] == '-' || s[i] == '+'))
            i++;
        size_t exp = count_digits(s, i, len);
        if (exp == 0)
            return false;
        i += exp;
    }
    return i == len;
}

/* [-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)? */
static bool
is_core_decimal_float(const char *s, size_t len)
{
    size_t i = skip_sign(s, len);
    size_t whole = count_digits(s, i, len);
    i += whole;
    size_t frac = 0;
    if (i < len && s[i] == '.') {
        frac = count_digits(s, i + 1, len);
        i += 1 + frac;
    }
    if (whole == 0 && frac == 0)
        return false;
    return exponent_ends(s, i, len);
}

static const char *const inf_words[] = {".inf", ".Inf", ".INF", NULL};
static const char *const nan_words[] = {".nan", ".NaN", ".NAN", NULL};

static bool
is_core_special_float(const char *s, size_t len)
{
    size_t sign = skip_sign(s, len);
    return equals_any(s + sign, len - sign, inf_words) ||
           equals_any(s, len, nan_words);
}

static plain_kind
classify_plain(const char *s, size_t len)
{
    static const char *const nulls[] = {"~", "null", "Null", "NULL", NULL};
    static const char *const bools[] = {"true",  "True",  "TRUE", "false",
                                        "False", "FALSE", NULL};
    if (len == 0 || equals_any(s, len, nulls))
        return PLAIN_NULL;
    if (equals_any(s, len, bools))
        return PLAIN_BOOL;
    if (core_int_base(s, len))
        return PLAIN_INT;
    if (is_core_decimal_float(s, len) || is_core_special_float(s, len))
        return PLAIN_NUM;
    return PLAIN_STR;
}

/* ======================================================================
 * Number and string formatting, shared by the YAML and JSON writers.
 * ==================================================================== */

/*
 * Shortest of %.15g..%.17g that reads back to d. Integral values print
 * without a decimal point ("82"), which a reader takes for an int; the
 * record model treats INT 82 and NUM 82.0 as equal, so nothing is lost.
 */
static void
format_double(double d, char *buf, size_t size)
{
    for (int prec = 15; prec <= 17; prec++) {
        snprintf(buf, size, "%.*g", prec, d);
        if (strtod(buf, NULL) == d)
            return;
    }
}

/* The YAML spelling of a number; non-finite values use .inf / .nan. */
static void
format_yaml_double(double d, char *buf, size_t size)
{
    if (isnan(d))
        snprintf(buf, size, ".nan");
    else if (isinf(d))
        snprintf(buf, size, d < 0 ? "-.inf" : ".inf");
    else
        format_double(d, buf, size);
}

static size_t
utf8_sequence_length(const unsigned char *s, size_t n)
{
    unsigned char c = s[0];
    size_t need;
    uint32_t cp, min;
    if (c < 0x80)
        return 1;
    if (c >= 0xC2 && c <= 0xDF) {
        need = 2, cp = c & 0x1Fu, min = 0x80;
    } else if (c >= 0xE0 && c <= 0xEF) {
        need = 3, cp = c & 0x0Fu, min = 0x800;
    } else if (c >= 0xF0 && c <= 0xF4) {
        need = 4, cp = c & 0x07u, min = 0x10000;
    } else {
        return 0;
    }
    if (n < need)
        return 0;
    for (size_t i = 1; i < need; i++) {
        if ((s[i] & 0xC0) != 0x80)
            return 0;
        cp = (cp << 6) | (s[i] & 0x3Fu);
    }
    if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
        return 0;
    return need;
}

static bool
utf8_valid(const char *s, size_t len)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t i = 0;
    while (i < len) {
        size_t n = utf8_sequence_length(p + i, len - i);
        if (n == 0)
            return false;
        i += n;
    }
    return true;
}

/* ======================================================================
 * YAML writer
 * ==================================================================== */

struct mn_yaml_writer {
    yaml_emitter_t em;
    mn_buf *out;       /* the output, unless a sink takes it */
    mn_yaml_sink sink; /* streamed output (mn_yaml_emit_to) */
    void *sink_ctx;
    mn_status out_status; /* set when the output handler failed */
    mn_value *pending;    /* first document, held until the count is known */
    size_t ndocs;         /* documents handed to the emitter */
    bool explicit_start;
    bool stream_started;
    mn_status failed; /* once the emitter fails it cannot be reused */
};

static int
write_handler(void *data, unsigned char *buffer, size_t size)
{
    mn_yaml_writer *w = data;
    mn_status st = w->sink ? w->sink(w->sink_ctx, (const char *)buffer, size)
                           : mn_buf_append(w->out, buffer, size);
    if (st != MN_OK) {
        w->out_status = st;
        return 0;
    }
    return 1;
}

static mn_yaml_writer *
writer_new(mn_buf *out, mn_yaml_sink sink, void *ctx, bool explicit_start)
{
    mn_yaml_writer *w = mn_xcalloc(1, sizeof *w);
    if (!yaml_emitter_initialize(&w->em)) {
        free(w);
        return NULL;
    }
    yaml_emitter_set_output(&w->em, write_handler, w);
    yaml_emitter_set_encoding(&w->em, YAML_UTF8_ENCODING);
    yaml_emitter_set_indent(&w->em, 2);
    yaml_emitter_set_width(&w->em, -1);
    yaml_emitter_set_unicode(&w->em, 1);
    yaml_emitter_set_break(&w->em, YAML_LN_BREAK);
    w->out = out;
    w->sink = sink;
    w->sink_ctx = ctx;
    w->explicit_start = explicit_start;
    return w;
}

mn_yaml_writer *
mn_yaml_writer_new(mn_buf *out, bool explicit_start)
{
    return out ? writer_new(out, NULL, NULL, explicit_start) : NULL;
}

/* Hand an event to the emitter (which consumes it, even on failure). */
static mn_status
emit(mn_yaml_writer *w, yaml_event_t *ev, mn_error *err)
{
    if (yaml_emitter_emit(&w->em, ev))
        return MN_OK;
    if (w->out_status != MN_OK)
        w->failed =
            mn_error_set(err, w->out_status, NULL, 0, 0, "%s",
                         w->sink ? "cannot write YAML output"
                                 : "YAML output exceeds its size limit");
    else
        w->failed = mn_error_set(
            err, MN_E_YAML, NULL, 0, 0, "cannot emit YAML: %s",
            w->em.problem ? w->em.problem : "unknown emitter error");
    return w->failed;
}

static mn_status
init_failed(mn_yaml_writer *w, mn_error *err, const char *what)
{
    w->failed =
        mn_error_set(err, MN_E_YAML, NULL, 0, 0, "cannot emit YAML: %s", what);
    return w->failed;
}

/*
 * The YAML 1.1 booleans and null in any case ("Yes", "OFF", "nULL"): all
 * five letters or shorter. Folding with | 0x20 maps only ASCII letters onto
 * 'a'..'z', so no other byte can match a word.
 */
static bool
is_yaml11_word(const char *s, size_t len)
{
    static const char *const words[6][3] = {{NULL},
                                            {"y", "n", NULL},
                                            {"no", "on", NULL},
                                            {"yes", "off", NULL},
                                            {"true", "null", NULL},
                                            {"false", NULL}};
    if (len == 0 || len > 5)
        return false;
    char low[5];
    for (size_t i = 0; i < len; i++)
        low[i] = (char)(s[i] | 0x20);
    for (size_t k = 0; k < 3 && words[len][k]; k++)
        if (memcmp(low, words[len][k], len) == 0)
            return true;
    return false;
}

static bool
is_number_body_char(char c)
{
    return is_digit(c) || c == '_' || c == '.' || c == ':';
}

/*
 * Broader than our own typing on purpose: YAML 1.1 readers also take
 * 1_000, 0b101, 014 and sexagesimal 14:00 for numbers, so those are quoted
 * too. Dates ("2025-02-17") stay plain: a '-' after the digits ends it.
 */
static bool
looks_numeric(const char *s, size_t len)
{
    size_t i = skip_sign(s, len);
    if (len - i > 2 && s[i] == '0' && strchr("xXoObB", s[i + 1]) != NULL &&
        s[i + 1] != '\0')
        return true;
    if (equals_nocase(s + i, len - i, ".inf") ||
        equals_nocase(s + i, len - i, ".nan"))
        return true;
    size_t start = i;
    bool digit = false;
    while (i < len && is_number_body_char(s[i])) {
        digit = digit || is_digit(s[i]);
        i++;
    }
    if (!digit || i == start)
        return false;
    return exponent_ends(s, i, len);
}

static bool
is_ascii_letter(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/*
 * Can a string that starts with neither a letter nor '~' still read as
 * something else? Only as a number (our typing or YAML 1.1's), and every
 * number spelling begins with a digit, a sign, '.', '_' or ':'.
 */
static bool
may_start_non_string(char c)
{
    return is_digit(c) || c == '.' || c == '-' || c == '+' || c == '_' ||
           c == ':';
}

/*
 * A string that some YAML reader would load as something else. Most record
 * text is settled by its first byte and length: a word starting with a
 * letter can only be a YAML 1.1 bool or null, five letters at most.
 */
static bool
needs_quotes(const char *s, size_t len)
{
    if (len == 0)
        return true;
    if (is_ascii_letter(s[0]))
        return is_yaml11_word(s, len);
    if (s[0] == '~')
        return len == 1;
    if (!may_start_non_string(s[0]))
        return false;
    return classify_plain(s, len) != PLAIN_STR || looks_numeric(s, len);
}

/* What one pass over a NUL-terminated string finds. */
typedef struct text_scan {
    size_t len;
    bool has_lf;
    bool has_other_break; /* CR, NEL, LS or PS */
} text_scan;

enum { SCAN_END = 1, SCAN_LF, SCAN_BREAK_LEAD };

/* Bytes that stop the scan; every other byte is 0 and skipped. */
static const unsigned char scan_class[256] = {
    ['\0'] = SCAN_END,        ['\n'] = SCAN_LF,
    ['\r'] = SCAN_BREAK_LEAD, [0xC2] = SCAN_BREAK_LEAD, /* NEL is C2 85 */
    [0xE2] = SCAN_BREAK_LEAD, /* LS and PS are E2 80 A8 / A9 */
};

/* p[i] is a SCAN_BREAK_LEAD byte; the NUL terminator bounds the look-ahead. */
static bool
is_other_break_at(const unsigned char *p, size_t i)
{
    if (p[i] == '\r')
        return true;
    if (p[i] == 0xC2)
        return p[i + 1] == 0x85;
    return p[i + 1] == 0x80 && (p[i + 2] == 0xA8 || p[i + 2] == 0xA9);
}

/*
 * Length and line breaks of s in one pass (instead of strlen, memchr and a
 * break search). Line breaks other than LF are normalised to LF inside
 * plain, single-quoted and block scalars, so strings holding them must be
 * double-quoted, where libyaml escapes every break. A string longer than
 * INT_MAX reports INT_MAX + 1, which the emitter refuses.
 */
static text_scan
scan_text(const char *s)
{
    const unsigned char *p = (const unsigned char *)s;
    text_scan sc = {0};
    size_t i = 0;
    for (; i <= (size_t)INT_MAX; i++) {
        unsigned char k = scan_class[p[i]];
        if (k == 0)
            continue;
        if (k == SCAN_END)
            break;
        if (k == SCAN_LF)
            sc.has_lf = true;
        else if (!sc.has_other_break)
            sc.has_other_break = is_other_break_at(p, i);
    }
    sc.len = i;
    return sc;
}

/*
 * The style policy: ambiguous -> double-quoted; multi-line -> literal block
 * (libyaml itself falls back to double-quoted when a block cannot hold the
 * text, e.g. trailing spaces or tabs); other breaks or more than one trailing
 * newline (which would need "|+" and a "..." marker) -> double-quoted;
 * everything else -> libyaml's choice (plain, else single-quoted).
 */
static yaml_scalar_style_t
string_style(const char *s, const text_scan *sc, bool is_key)
{
    size_t len = sc->len;
    if (sc->has_other_break || needs_quotes(s, len))
        return YAML_DOUBLE_QUOTED_SCALAR_STYLE;
    if (!sc->has_lf)
        return YAML_ANY_SCALAR_STYLE;
    if (is_key || (len >= 2 && s[len - 1] == '\n' && s[len - 2] == '\n'))
        return YAML_DOUBLE_QUOTED_SCALAR_STYLE;
    return YAML_LITERAL_SCALAR_STYLE;
}

static mn_status
emit_scalar(mn_yaml_writer *w, const char *s, size_t len,
            yaml_scalar_style_t style, mn_error *err)
{
    if (len > INT_MAX)
        return init_failed(w, err, "string too long");
    yaml_event_t ev;
    if (!yaml_scalar_event_initialize(&ev, NULL, NULL, (yaml_char_t *)s,
                                      (int)len, 1, 1, style))
        return init_failed(w, err, "string is not valid UTF-8");
    return emit(w, &ev, err);
}

static mn_status
emit_string(mn_yaml_writer *w, const char *s, bool is_key, mn_error *err)
{
    text_scan sc = scan_text(s);
    return emit_scalar(w, s, sc.len, string_style(s, &sc, is_key), err);
}

static mn_status
emit_plain(mn_yaml_writer *w, const char *text, size_t len, mn_error *err)
{
    return emit_scalar(w, text, len, YAML_PLAIN_SCALAR_STYLE, err);
}

/* For constant words: once inlined, strlen folds away. */
static mn_status
emit_word(mn_yaml_writer *w, const char *word, mn_error *err)
{
    return emit_plain(w, word, strlen(word), err);
}

/* Decimal digits of i into buf (no NUL), as "%lld" writes them. */
static size_t
format_int(long long i, char buf[static 24])
{
    char rev[24];
    size_t n = 0;
    unsigned long long u =
        i < 0 ? 0ULL - (unsigned long long)i : (unsigned long long)i;
    do {
        rev[n++] = (char)('0' + (int)(u % 10));
        u /= 10;
    } while (u && n < sizeof rev);
    size_t len = 0;
    if (i < 0)
        buf[len++] = '-';
    while (n)
        buf[len++] = rev[--n];
    return len;
}

/*
 * "%.15g" prints an integral double below 1e15 as its integer digits, and
 * those read back exactly, so format_double would stop there: skip the
 * snprintf/strtod round. -0.0 prints "-0" and keeps the slow path.
 */
static size_t
format_yaml_number(double d, char buf[static 64])
{
    if (d > -1e15 && d < 1e15 && d == (double)(long long)d &&
        !(d == 0 && signbit(d)))
        return format_int((long long)d, buf);
    format_yaml_double(d, buf, 64);
    return strlen(buf);
}

static mn_status
emit_leaf(mn_yaml_writer *w, const mn_value *v, mn_vtype type, mn_error *err)
{
    char num[64];
    switch (type) {
    case MN_V_BOOL:
        return mn_value_as_bool(v) ? emit_word(w, "true", err)
                                   : emit_word(w, "false", err);
    case MN_V_INT:
        return emit_plain(w, num, format_int(mn_value_as_int(v), num), err);
    case MN_V_NUM:
        return emit_plain(w, num, format_yaml_number(mn_value_as_num(v), num),
                          err);
    case MN_V_STR:
        return emit_string(w, mn_value_as_str(v), false, err);
    default:
        return emit_word(w, "null", err);
    }
}

/* A container being walked: the next child to visit is `next`. Its type
 * and size are kept so the walk asks the value for each only once. */
typedef struct walk_frame {
    const mn_value *v;
    size_t next;
    size_t len;
    bool is_map;
} walk_frame;

typedef struct walk_stack {
    walk_frame *items;
    size_t len;
    size_t cap;
} walk_stack;

static void
walk_push(walk_stack *st, const mn_value *v, size_t len, bool is_map)
{
    st->items = mn_xgrow(st->items, &st->cap, st->len + 1, sizeof *st->items);
    st->items[st->len++] = (walk_frame){v, 0, len, is_map};
}

static bool
is_container_type(mn_vtype t)
{
    return t == MN_V_LIST || t == MN_V_MAP;
}

static bool
is_container(const mn_value *v)
{
    return is_container_type(mn_value_type(v));
}

/* Open a node: a leaf is written whole, an empty container as [] or {},
 * any other container is started and pushed for its children. */
static mn_status
emit_open(mn_yaml_writer *w, const mn_value *v, walk_stack *st, mn_error *err)
{
    mn_vtype type = mn_value_type(v);
    if (!is_container_type(type))
        return emit_leaf(w, v, type, err);
    size_t len = mn_value_len(v);
    bool is_map = type == MN_V_MAP;
    yaml_event_t ev;
    int ok;
    if (!is_map)
        ok = yaml_sequence_start_event_initialize(
            &ev, NULL, NULL, 1,
            len == 0 ? YAML_FLOW_SEQUENCE_STYLE : YAML_BLOCK_SEQUENCE_STYLE);
    else
        ok = yaml_mapping_start_event_initialize(
            &ev, NULL, NULL, 1,
            len == 0 ? YAML_FLOW_MAPPING_STYLE : YAML_BLOCK_MAPPING_STYLE);
    if (!ok)
        return init_failed(w, err, "out of memory");
    mn_status rc = emit(w, &ev, err);
    if (rc != MN_OK)
        return rc;
    walk_push(st, v, len, is_map);
    return MN_OK;
}

static mn_status
emit_close(mn_yaml_writer *w, bool is_map, mn_error *err)
{
    yaml_event_t ev;
    int ok = is_map ? yaml_mapping_end_event_initialize(&ev)
                    : yaml_sequence_end_event_initialize(&ev);
    if (!ok)
        return init_failed(w, err, "out of memory");
    return emit(w, &ev, err);
}

static mn_status
emit_tree(mn_yaml_writer *w, const mn_value *root, mn_error *err)
{
    walk_stack st = {0};
    mn_status rc = emit_open(w, root, &st, err);
    while (rc == MN_OK && st.len) {
        walk_frame *top = &st.items[st.len - 1];
        const mn_value *v = top->v;
        if (top->next == top->len) {
            st.len--;
            rc = emit_close(w, top->is_map, err);
            continue;
        }
        size_t i = top->next++;
        if (!top->is_map) {
            rc = emit_open(w, mn_list_at(v, i), &st, err);
            continue;
        }
        rc = emit_string(w, mn_map_key_at(v, i), true, err);
        if (rc == MN_OK)
            rc = emit_open(w, mn_map_value_at(v, i), &st, err);
    }
    free(st.items);
    return rc;
}

static mn_status
emit_document(mn_yaml_writer *w, const mn_value *doc, bool implicit,
              mn_error *err)
{
    yaml_event_t ev;
    mn_status rc;
    if (!w->stream_started) {
        if (!yaml_stream_start_event_initialize(&ev, YAML_UTF8_ENCODING))
            return init_failed(w, err, "out of memory");
        rc = emit(w, &ev, err);
        if (rc != MN_OK)
            return rc;
        w->stream_started = true;
    }
    if (!yaml_document_start_event_initialize(&ev, NULL, NULL, NULL,
                                              implicit ? 1 : 0))
        return init_failed(w, err, "out of memory");
    rc = emit(w, &ev, err);
    if (rc == MN_OK)
        rc = emit_tree(w, doc, err);
    if (rc != MN_OK)
        return rc;
    w->ndocs++;
    if (!yaml_document_end_event_initialize(&ev, 1))
        return init_failed(w, err, "out of memory");
    return emit(w, &ev, err);
}

static mn_status
earlier_failure(const mn_yaml_writer *w, mn_error *err)
{
    return mn_error_set(err, w->failed, NULL, 0, 0,
                        "YAML writer unusable after an earlier error");
}

/* Write the held first document, now that the stream's shape is known. */
static mn_status
flush_pending(mn_yaml_writer *w, bool implicit, mn_error *err)
{
    if (!w->pending)
        return MN_OK;
    mn_value *doc = w->pending;
    w->pending = NULL;
    mn_status rc = emit_document(w, doc, implicit, err);
    mn_value_free(doc);
    return rc;
}

mn_status
mn_yaml_write(mn_yaml_writer *w, const mn_value *doc, mn_error *err)
{
    if (!w)
        return mn_error_set(err, MN_E_USAGE, NULL, 0, 0, "no YAML writer");
    if (w->failed != MN_OK)
        return earlier_failure(w, err);
    if (!w->explicit_start && w->ndocs == 0 && !w->pending) {
        // Whether it needs "---" depends on whether another document follows.
        w->pending = doc ? mn_value_copy(doc) : mn_value_null();
        return MN_OK;
    }
    mn_status rc = flush_pending(w, false, err);
    if (rc != MN_OK)
        return rc;
    return emit_document(w, doc, false, err);
}

mn_status
mn_yaml_writer_close(mn_yaml_writer *w, mn_error *err)
{
    if (!w)
        return MN_OK;
    mn_status rc = w->failed;
    if (rc != MN_OK)
        earlier_failure(w, err);
    else
        rc = flush_pending(w, true, err);
    if (rc == MN_OK && w->stream_started) {
        yaml_event_t ev;
        if (yaml_stream_end_event_initialize(&ev))
            rc = emit(w, &ev, err);
        else
            rc = init_failed(w, err, "out of memory");
    }
    if (rc == MN_OK && !yaml_emitter_flush(&w->em))
        rc = mn_error_set(err, w->out_status ? w->out_status : MN_E_YAML, NULL,
                          0, 0, "cannot flush YAML output");
    mn_value_free(w->pending);
    yaml_emitter_delete(&w->em);
    free(w);
    return rc;
}

/* Drop whatever a failed one-shot writer left in out. */
static void
truncate_buf(mn_buf *out, size_t len)
{
    if (out->data && out->len > len) {
        out->len = len;
        out->data[len] = '\0';
    }
}

/* A single document is written at once with an implicit start: no need
 * for the stream writer's held-back copy. */
static mn_status
emit_single(mn_yaml_writer *w, const mn_value *doc, mn_error *err)
{
    if (!w)
        return mn_error_set(err, MN_E_YAML, NULL, 0, 0,
                            "cannot initialise the YAML emitter");
    mn_status rc = emit_document(w, doc, true, err);
    mn_status rc_close = mn_yaml_writer_close(w, rc == MN_OK ? err : NULL);
    return rc == MN_OK ? rc_close : rc;
}

mn_status
mn_yaml_emit(const mn_value *doc, mn_buf *out, mn_error *err)
{
    if (!out)
        return mn_error_set(err, MN_E_USAGE, NULL, 0, 0, "no output buffer");
    size_t start = out->len;
    mn_status rc = emit_single(writer_new(out, NULL, NULL, false), doc, err);
    if (rc != MN_OK)
        truncate_buf(out, start);
    return rc;
}

mn_status
mn_yaml_emit_to(const mn_value *doc, mn_yaml_sink sink, void *ctx,
                mn_error *err)
{
    if (!sink)
        return mn_error_set(err, MN_E_USAGE, NULL, 0, 0, "no output sink");
    return emit_single(writer_new(NULL, sink, ctx, false), doc, err);
}

/* ======================================================================
 * JSON writer (hand-rolled: JSON has one string style and no ambiguity)
 * ==================================================================== */

static mn_status
json_string(mn_buf *b, const char *s, size_t len)
{
    if (!utf8_valid(s, len))
        return MN_E_YAML;
    mn_status rc = mn_buf_putc(b, '"');
    size_t run = 0; // bytes copied verbatim, flushed before each escape
    for (size_t i = 0; i < len && rc == MN_OK; i++) {
        unsigned char c = (unsigned char)s[i];
        const char *esc = NULL;
        char ubuf[8];
        switch (c) {
        case '"':
            esc = "\\\"";
            break;
        case '\\':
            esc = "\\\\";
            break;
        case '\n':
            esc = "\\n";
            break;
        case '\t':
            esc = "\\t";
            break;
        case '\r':
            esc = "\\r";
            break;
        case '\b':
            esc = "\\b";
            break;
        case '\f':
            esc = "\\f";
            break;
        default:
            if (c < 0x20) {
                snprintf(ubuf, sizeof ubuf, "\\u%04x", c);
                esc = ubuf;
            }
        }
        if (!esc) {
            run++;
            continue;
        }
        rc = mn_buf_append(b, s + i - run, run);
        run = 0;
        if (rc == MN_OK)
            rc = mn_buf_append(b, esc, strlen(esc));
    }
    if (rc == MN_OK)
        rc = mn_buf_append(b, s + len - run, run);
    if (rc == MN_OK)
        rc = mn_buf_putc(b, '"');
    return rc;
}

static mn_status
json_leaf(mn_buf *b, const mn_value *v)
{
    char num[64];
    switch (mn_value_type(v)) {
    case MN_V_BOOL:
        return mn_buf_printf(b, "%s", mn_value_as_bool(v) ? "true" : "false");
    case MN_V_INT:
        return mn_buf_printf(b, "%lld", mn_value_as_int(v));
    case MN_V_NUM:
        if (!isfinite(mn_value_as_num(v)))
            return mn_buf_printf(b, "null");
        format_double(mn_value_as_num(v), num, sizeof num);
        return mn_buf_printf(b, "%s", num);
    case MN_V_STR: {
        const char *s = mn_value_as_str(v);
        return json_string(b, s, strlen(s));
    }
    default:
        return mn_buf_printf(b, "null");
    }
}

static mn_status
json_indent(mn_buf *b, size_t depth)
{
    mn_status rc = MN_OK;
    for (size_t i = 0; i < depth && rc == MN_OK; i++)
        rc = mn_buf_append(b, "  ", 2);
    return rc;
}

static mn_status
json_open(mn_buf *b, const mn_value *v, walk_stack *st)
{
    if (!is_container(v))
        return json_leaf(b, v);
    bool list = mn_value_type(v) == MN_V_LIST;
    size_t len = mn_value_len(v);
    if (len == 0)
        return mn_buf_printf(b, "%s", list ? "[]" : "{}");
    walk_push(st, v, len, !list);
    return mn_buf_putc(b, list ? '[' : '{');
}

static mn_status
json_close(mn_buf *b, const mn_value *v, size_t depth)
{
    mn_status rc = mn_buf_putc(b, '\n');
    if (rc == MN_OK)
        rc = json_indent(b, depth);
    if (rc == MN_OK)
        rc = mn_buf_putc(b, mn_value_type(v) == MN_V_LIST ? ']' : '}');
    return rc;
}

static mn_status
json_item(mn_buf *b, const mn_value *v, size_t i, walk_stack *st)
{
    mn_status rc = mn_buf_append(b, i ? ",\n" : "\n", i ? 2 : 1);
    if (rc == MN_OK)
        rc = json_indent(b, st->len);
    if (rc != MN_OK)
        return rc;
    if (mn_value_type(v) != MN_V_MAP)
        return json_open(b, mn_list_at(v, i), st);
    const char *key = mn_map_key_at(v, i);
    rc = json_string(b, key, strlen(key));
    if (rc == MN_OK)
        rc = mn_buf_append(b, ": ", 2);
    if (rc == MN_OK)
        rc = json_open(b, mn_map_value_at(v, i), st);
    return rc;
}

mn_status
mn_json_emit(const mn_value *doc, mn_buf *out, mn_error *err)
{
    if (!out)
        return mn_error_set(err, MN_E_USAGE, NULL, 0, 0, "no output buffer");
    size_t start = out->len;
    walk_stack st = {0};
    mn_status rc = json_open(out, doc, &st);
    while (rc == MN_OK && st.len) {
        walk_frame *top = &st.items[st.len - 1];
        const mn_value *v = top->v;
        if (top->next == mn_value_len(v)) {
            st.len--;
            rc = json_close(out, v, st.len);
            continue;
        }
        rc = json_item(out, v, top->next++, &st);
    }
    if (rc == MN_OK)
        rc = mn_buf_putc(out, '\n');
    free(st.items);
    if (rc == MN_OK)
        return MN_OK;
    truncate_buf(out, start);
    if (rc == MN_E_YAML)
        return mn_error_set(err, rc, NULL, 0, 0,
                            "cannot emit JSON: string is not valid UTF-8");
    return mn_error_set(err, rc, NULL, 0, 0,
                        "JSON output exceeds its size limit");
}

/* ======================================================================
 * YAML loader
 * ==================================================================== */

/* An open container. A map frame holds the key waiting for its value. */
typedef struct load_frame {
    mn_value *node; /* owned by the tree being built */
    char *key;      /* owned; NULL while the next scalar is a key */
    unsigned line;  /* where the container starts, for messages */
} load_frame;

typedef struct loader {
    yaml_parser_t parser;
    const char *name;
    const char *text;
    size_t len;
    mn_value *docs;
    mn_value *root; /* the document being built, not yet in docs */
    load_frame frames[MN_MAX_YAML_DEPTH];
    size_t depth;
    mn_error *err;
} loader;

static mn_status fail_at(loader *ld, mn_status code, const yaml_mark_t *mark,
                         const char *fmt, ...) MN_PRINTF(4, 5);

/* Report a problem of ours at a libyaml mark (0-based, hence the + 1). */
static mn_status
fail_at(loader *ld, mn_status code, const yaml_mark_t *mark, const char *fmt,
        ...)
{
    mn_error_set(ld->err, code, ld->name, (unsigned)mark->line + 1,
                 (unsigned)mark->column + 1, "%s", "");
    if (ld->err) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(ld->err->problem, sizeof ld->err->problem, fmt, ap);
        va_end(ap);
    }
    return code;
}

/* 1-based line and column (in characters) of a byte offset into the text. */
static void
offset_position(const loader *ld, size_t offset, unsigned *line, unsigned *col)
{
    size_t end = offset < ld->len ? offset : ld->len;
    unsigned l = 1, c = 1;
    for (size_t i = 0; i < end; i++) {
        unsigned char ch = (unsigned char)ld->text[i];
        if (ch == '\n') {
            l++;
            c = 1;
        } else if ((ch & 0xC0) != 0x80) {
            c++;
        }
    }
    *line = l;
    *col = c;
}

static mn_status
parser_failure(loader *ld)
{
    const yaml_parser_t *p = &ld->parser;
    const char *problem = p->problem ? p->problem : "invalid YAML";
    unsigned line, col;
    switch (p->error) {
    case YAML_READER_ERROR:
        offset_position(ld, p->problem_offset, &line, &col);
        if (p->problem_value >= 0)
            return mn_error_set(ld->err, MN_E_YAML, ld->name, line, col,
                                "%s (#%X)", problem,
                                (unsigned)p->problem_value);
        return mn_error_set(ld->err, MN_E_YAML, ld->name, line, col, "%s",
                            problem);
    case YAML_SCANNER_ERROR:
    case YAML_PARSER_ERROR:
        mn_error_set(ld->err, MN_E_YAML, ld->name,
                     (unsigned)p->problem_mark.line + 1,
                     (unsigned)p->problem_mark.column + 1, "%s", problem);
        if (p->context)
            mn_error_context(ld->err, "%s at line %u", p->context,
                             (unsigned)p->context_mark.line + 1);
        return MN_E_YAML;
    default:
        return mn_error_set(ld->err, MN_E_INTERNAL, ld->name, 0, 0,
                            "YAML parser failed: %s", problem);
    }
}

static load_frame *
top_frame(loader *ld)
{
    return ld->depth ? &ld->frames[ld->depth - 1] : NULL;
}

/* A map frame whose next scalar is a key rather than a value. */
static bool
expects_key(loader *ld)
{
    load_frame *f = top_frame(ld);
    return f && mn_value_type(f->node) == MN_V_MAP && !f->key;
}

/* Give a finished value (or a just-opened container) to its parent. */
static void
attach(loader *ld, mn_value *v)
{
    load_frame *f = top_frame(ld);
    if (!f) {
        mn_value_free(ld->root); // never set twice by a valid event stream
        ld->root = v;
    } else if (mn_value_type(f->node) == MN_V_LIST) {
        mn_list_push(f->node, v);
    } else {
        mn_map_set(f->node, f->key, v);
        free(f->key);
        f->key = NULL;
    }
}

static mn_status
reject_anchor(loader *ld, const yaml_event_t *ev, const yaml_char_t *anchor)
{
    if (!anchor)
        return MN_OK;
    return fail_at(ld, MN_E_YAML, &ev->start_mark,
                   "anchors are not supported (&%.60s)", (const char *)anchor);
}

static bool
tag_is(const yaml_char_t *tag, const char *name)
{
    return strcmp((const char *)tag, name) == 0;
}

static mn_status
check_collection_tag(loader *ld, const yaml_event_t *ev, const yaml_char_t *tag)
{
    if (!tag || tag_is(tag, "!") || tag_is(tag, SEQ_TAG) ||
        tag_is(tag, MAP_TAG))
        return MN_OK;
    return fail_at(ld, MN_E_YAML, &ev->start_mark, "unsupported tag %.80s",
                   (const char *)tag);
}

static mn_value *
plain_number(const char *s, size_t len, plain_kind kind)
{
    if (kind == PLAIN_NUM) {
        size_t sign = skip_sign(s, len);
        if (equals_any(s + sign, len - sign, inf_words))
            return mn_value_num(s[0] == '-' ? -INFINITY : INFINITY);
        if (equals_any(s, len, nan_words))
            return mn_value_num(NAN);
        return mn_value_num(strtod(s, NULL));
    }
    int base = core_int_base(s, len);
    const char *digits = base == 10 ? s : s + 2;
    errno = 0;
    char *end = NULL;
    long long i = strtoll(digits, &end, base);
    if (errno == 0 && end == s + len)
        return mn_value_int(i);
    // Out of int64 range: a decimal keeps its magnitude as a float.
    return base == 10 ? mn_value_num(strtod(s, NULL)) : mn_value_strn(s, len);
}

/* s is NUL-terminated at len (libyaml guarantees it). */
static mn_value *
typed_plain(const char *s, size_t len)
{
    plain_kind kind = classify_plain(s, len);
    switch (kind) {
    case PLAIN_NULL:
        return mn_value_null();
    case PLAIN_BOOL:
        return mn_value_bool(s[0] == 't' || s[0] == 'T');
    case PLAIN_INT:
    case PLAIN_NUM:
        return plain_number(s, len, kind);
    case PLAIN_STR:
        break;
    }
    return mn_value_strn(s, len);
}

static mn_status
on_scalar(loader *ld, const yaml_event_t *ev)
{
    const char *s = (const char *)ev->data.scalar.value;
    size_t len = ev->data.scalar.length;
    const yaml_char_t *tag = ev->data.scalar.tag;
    mn_status rc = reject_anchor(ld, ev, ev->data.scalar.anchor);
    if (rc != MN_OK)
        return rc;
    if (tag && !tag_is(tag, "!") && !tag_is(tag, STR_TAG))
        return fail_at(ld, MN_E_YAML, &ev->start_mark, "unsupported tag %.80s",
                       (const char *)tag);
    if (memchr(s, '\0', len))
        return fail_at(ld, MN_E_YAML, &ev->start_mark, "%s",
                       "NUL character in a scalar");
    if (expects_key(ld)) {
        load_frame *f = top_frame(ld);
        if (mn_map_get(f->node, s)) {
            rc = fail_at(ld, MN_E_YAML, &ev->start_mark,
                         "duplicate key \"%.80s\"", s);
            mn_error_context(ld->err, "in the mapping at line %u", f->line);
            return rc;
        }
        f->key = mn_xstrndup(s, len);
        return MN_OK;
    }
    bool plain = !tag && ev->data.scalar.style == YAML_PLAIN_SCALAR_STYLE;
    attach(ld, plain ? typed_plain(s, len) : mn_value_strn(s, len));
    return MN_OK;
}

static mn_status
on_collection_start(loader *ld, const yaml_event_t *ev, bool is_map)
{
    const yaml_char_t *anchor =
        is_map ? ev->data.mapping_start.anchor : ev->data.sequence_start.anchor;
    const yaml_char_t *tag =
        is_map ? ev->data.mapping_start.tag : ev->data.sequence_start.tag;
    mn_status rc = reject_anchor(ld, ev, anchor);
    if (rc == MN_OK)
        rc = check_collection_tag(ld, ev, tag);
    if (rc != MN_OK)
        return rc;
    if (expects_key(ld))
        return fail_at(ld, MN_E_YAML, &ev->start_mark, "%s",
                       "only scalar mapping keys are supported");
    if (ld->depth >= MN_MAX_YAML_DEPTH) {
        rc = mn_error_set(ld->err, MN_E_LIMIT, ld->name,
                          (unsigned)ev->start_mark.line + 1,
                          (unsigned)ev->start_mark.column + 1,
                          "nesting deeper than %d levels", MN_MAX_YAML_DEPTH);
        mn_error_context(ld->err, "MN_MAX_YAML_DEPTH");
        return rc;
    }
    mn_value *node = is_map ? mn_value_map() : mn_value_list();
    attach(ld, node);
    ld->frames[ld->depth++] =
        (load_frame){node, NULL, (unsigned)ev->start_mark.line + 1};
    return MN_OK;
}

static void
pop_frame(loader *ld)
{
    if (!ld->depth)
        return;
    load_frame *f = &ld->frames[--ld->depth];
    free(f->key);
    f->key = NULL;
}

static mn_status
on_event(loader *ld, const yaml_event_t *ev)
{
    switch (ev->type) {
    case YAML_DOCUMENT_END_EVENT:
        mn_list_push(ld->docs, ld->root ? ld->root : mn_value_null());
        ld->root = NULL;
        return MN_OK;
    case YAML_ALIAS_EVENT:
        return fail_at(ld, MN_E_YAML, &ev->start_mark,
                       "aliases are not supported (*%.60s)",
                       (const char *)ev->data.alias.anchor);
    case YAML_SCALAR_EVENT:
        return on_scalar(ld, ev);
    case YAML_SEQUENCE_START_EVENT:
        return on_collection_start(ld, ev, false);
    case YAML_MAPPING_START_EVENT:
        return on_collection_start(ld, ev, true);
    case YAML_SEQUENCE_END_EVENT:
    case YAML_MAPPING_END_EVENT:
        pop_frame(ld);
        return MN_OK;
    default:
        return MN_OK;
    }
}

static mn_status
run_parser(loader *ld)
{
    size_t max_events = MAX_EVENTS_PER_BYTE * (ld->len + 4);
    for (size_t n = 0; n < max_events; n++) {
        yaml_event_t ev;
        if (!yaml_parser_parse(&ld->parser, &ev))
            return parser_failure(ld);
        mn_status rc = on_event(ld, &ev);
        bool done = ev.type == YAML_STREAM_END_EVENT;
        yaml_event_delete(&ev);
        if (rc != MN_OK || done)
            return rc;
    }
    return mn_error_set(ld->err, MN_E_INTERNAL, ld->name, 0, 0,
                        "YAML parser does not advance");
}

mn_status
mn_yaml_load(const char *name, const char *text, size_t len, mn_value **docs,
             mn_error *err)
{
    if (!docs || (!text && len))
        return mn_error_set(err, MN_E_USAGE, name, 0, 0,
                            "mn_yaml_load: no text or no result pointer");
    if (len > MN_MAX_INPUT_BYTES)
        return mn_error_set(err, MN_E_LIMIT, name, 0, 0,
                            "YAML input larger than %zu bytes",
                            (size_t)MN_MAX_INPUT_BYTES);
    loader *ld = mn_xcalloc(1, sizeof *ld);
    if (!yaml_parser_initialize(&ld->parser)) {
        free(ld);
        return mn_error_set(err, MN_E_INTERNAL, name, 0, 0,
                            "cannot initialise the YAML parser");
    }
    ld->name = name;
    ld->text = text ? text : "";
    ld->len = len;
    ld->err = err;
    ld->docs = mn_value_list();
    yaml_parser_set_input_string(&ld->parser, (const unsigned char *)ld->text,
                                 len);
    mn_status rc = run_parser(ld);
    while (ld->depth)
        pop_frame(ld);
    mn_value_free(ld->root);
    if (rc == MN_OK)
        *docs = ld->docs;
    else
        mn_value_free(ld->docs);
    yaml_parser_delete(&ld->parser);
    free(ld);
    return rc;
}
