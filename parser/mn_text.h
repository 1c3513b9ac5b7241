/*
 * Plain-text and markdown tokeniser: decoded text -> blocks with the same
 * contract as the HTML tokeniser (paragraphs from blank lines, hard-wrapped
 * lines joined, bullets and numbered items as list items, headings by layout
 * or markdown syntax, markdown tables as cells).
 */
#ifndef MN_TEXT_H
#define MN_TEXT_H

#include <stdbool.h>

#include "mn_doc.h"

MN_NODISCARD mn_status mn_text_tokenise(mn_doc *doc, bool markdown,
                                        const mn_chrome *chrome,
                                        mn_error *err);

#endif
