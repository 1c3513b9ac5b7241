/*
 * HTML tokeniser: decoded HTML text -> blocks, through libxml2's SAX HTML
 * parser (recover, no network, no error output, big line numbers), so memory
 * stays proportional to the input and nesting depth is ours to bound.
 */
#ifndef MN_HTML_H
#define MN_HTML_H

#include "mn_doc.h"

/* Tokenise mn_doc_text(doc) as HTML, adding blocks and meta to doc.
 * Broken HTML is recovered, never an error. */
MN_NODISCARD mn_status mn_html_tokenise(mn_doc *doc, const mn_chrome *chrome,
                                        mn_error *err);

#endif
