/*
 * Unit tests of the plain-text / markdown tokeniser (parser/mn_text.c), run
 * through mn_doc_load_memory so decoding and positions are the real ones.
 * Each layout rule is tested both ways: where it applies and where it must not.
 */
#include <criterion/criterion.h>

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "mn_doc.h"
#include "mn_limits.h"

static mn_doc *
load(const char *text, size_t len, bool md)
{
    mn_doc_options opt = {md ? MN_FORMAT_MARKDOWN : MN_FORMAT_TEXT, NULL};
    mn_doc *d = NULL;
    mn_error err;
    mn_status st = mn_doc_load_memory("t.txt", text, len, &opt, &d, &err);
    cr_assert_eq(st, MN_OK, "load failed: %s", err.problem);
    return d;
}

static mn_doc *
txt(const char *text)
{
    return load(text, strlen(text), false);
}

static mn_doc *
md(const char *text)
{
    return load(text, strlen(text), true);
}

static const mn_block *
blk(const mn_doc *d, size_t i)
{
    cr_assert_lt(i, mn_doc_block_count(d), "no block %zu (have %zu)", i,
                 mn_doc_block_count(d));
    return mn_doc_block(d, i);
}

static void
expect(const mn_doc *d, size_t i, mn_block_kind kind, const char *text)
{
    const mn_block *b = blk(d, i);
    cr_expect_eq(b->kind, kind, "block %zu kind %s, want %s", i,
                 mn_block_kind_name(b->kind), mn_block_kind_name(kind));
    cr_expect_str_eq(b->text, text, "block %zu", i);
    cr_expect_eq(b->len, strlen(text), "block %zu len", i);
}

static void
expect_pos(const mn_block *b, unsigned line, unsigned col, size_t off)
{
    cr_expect_eq(b->pos.line, line, "line %u want %u", b->pos.line, line);
    cr_expect_eq(b->pos.col, col, "col %u want %u", b->pos.col, col);
    cr_expect_eq(b->pos.offset, off, "offset %u want %zu", b->pos.offset, off);
}

/* ---- paragraphs, joining, anchors -------------------------------------- */

Test(text, paragraphs_and_joined_lines_with_anchors)
{
    mn_doc *d = txt("First line of para\ncontinues   here.\n\n\nSecond.\n");
    cr_assert_eq(mn_doc_block_count(d), 2);
    expect(d, 0, MN_BLOCK_PARAGRAPH, "First line of para continues here.");
    expect(d, 1, MN_BLOCK_PARAGRAPH, "Second.");
    const mn_block *b = blk(d, 0);
    expect_pos(b, 1, 1, 0);
    cr_assert_eq(b->nanchors, 2);
    cr_expect_eq(b->anchors[1].text_off, 19);
    cr_expect_eq(b->anchors[1].pos.line, 2);
    cr_expect_eq(b->anchors[1].pos.col, 1);
    cr_expect_eq(b->anchors[1].pos.offset, 19);
    mn_pos p = mn_block_locate(b, 19 + 10); /* "here." */
    cr_expect_eq(p.line, 2);
    expect_pos(blk(d, 1), 5, 1, 39);
    mn_doc_free(d);
}

Test(text, whitespace_and_control_characters_collapsed)
{
    mn_doc *d = txt("  a \t\t b\x01\x02"
                    "c  \n");
    expect(d, 0, MN_BLOCK_PARAGRAPH, "a b c");
    expect_pos(blk(d, 0), 1, 3, 2);
    mn_doc_free(d);
}

Test(text, crlf_positions)
{
    const char *s = "Intro text here.\r\n\r\nPara one\r\n  continues.\r\n";
    mn_doc *d = txt(s);
    cr_assert_eq(mn_doc_block_count(d), 2);
    expect(d, 1, MN_BLOCK_PARAGRAPH, "Para one continues.");
    const mn_block *b = blk(d, 1);
    expect_pos(b, 3, 1, 20);
    cr_assert_eq(b->nanchors, 2);
    cr_expect_eq(b->anchors[1].text_off, 9);
    cr_expect_eq(b->anchors[1].pos.line, 4);
    cr_expect_eq(b->anchors[1].pos.col, 3);
    cr_expect_eq(b->anchors[1].pos.offset, 32);
    mn_doc_free(d);
}

/* ---- label lines --------------------------------------------------------- */

Test(text, consecutive_label_lines_stay_separate)
{
    mn_doc *d = txt("Date: 1 May 2024\nChair: Jo Bloggs\nPresent: A, B\n"
                    "Apologies: C\nAction: D to report back\n");
    cr_assert_eq(mn_doc_block_count(d), 5);
    expect(d, 0, MN_BLOCK_PARAGRAPH, "Date: 1 May 2024");
    expect(d, 1, MN_BLOCK_PARAGRAPH, "Chair: Jo Bloggs");
    expect(d, 4, MN_BLOCK_PARAGRAPH, "Action: D to report back");
    for (unsigned i = 0; i < 5; i++)
        cr_expect_eq(blk(d, i)->pos.line, i + 1);
    mn_doc_free(d);
}

Test(text, label_line_joins_its_wrapped_value)
{
    mn_doc *d = txt("Action: EH to engage with the team and provide\n"
                    "assurance on the work.\n");
    cr_assert_eq(mn_doc_block_count(d), 1);
    expect(d, 0, MN_BLOCK_PARAGRAPH,
           "Action: EH to engage with the team and provide assurance on the "
           "work.");
    mn_doc_free(d);
}

Test(text, label_line_is_not_a_heading)
{
    mn_doc *d = txt("Action: share the audit\n\nBody text follows.\n");
    expect(d, 0, MN_BLOCK_PARAGRAPH, "Action: share the audit");
    mn_doc_free(d);
}

/* ---- bullets ------------------------------------------------------------- */

Test(text, bullet_characters)
{
    mn_doc *d = txt("\xe2\x80\xa2 one\n\xc2\xb7 two\n- three\n* four\n"
                    "\xe2\x80\x93 five\n\xe2\x96\xaa six\n\xe2\x96\xba seven\n"
                    "o eight\no nine\n");
    cr_assert_eq(mn_doc_block_count(d), 9);
    const char *want[] = {"one", "two",   "three", "four", "five",
                          "six", "seven", "eight", "nine"};
    for (size_t i = 0; i < 9; i++) {
        expect(d, i, MN_BLOCK_LIST_ITEM, want[i]);
        cr_expect_eq(blk(d, i)->level, 1);
        cr_expect_eq(blk(d, i)->ordinal, 0);
        cr_expect_eq(blk(d, i)->pos.line, i + 1);
    }
    cr_expect_eq(blk(d, 0)->pos.col, 3); /* after "• " */
    mn_doc_free(d);
}

Test(text, letter_o_alone_is_not_a_bullet)
{
    mn_doc *d = txt("Intro.\n\no dear, said the chair\n");
    expect(d, 1, MN_BLOCK_PARAGRAPH, "o dear, said the chair");
    mn_doc_free(d);
}

Test(text, nested_bullet_depth_is_relative)
{
    mn_doc *d = txt("- a\n    - b\n        - c\n    - d\n- e\n");
    unsigned want[] = {1, 2, 3, 2, 1};
    cr_assert_eq(mn_doc_block_count(d), 5);
    for (size_t i = 0; i < 5; i++) {
        cr_expect_eq(blk(d, i)->kind, MN_BLOCK_LIST_ITEM);
        cr_expect_eq(blk(d, i)->level, want[i], "item %zu depth %u", i,
                     blk(d, i)->level);
    }
    mn_doc_free(d);
}

Test(text, bullet_continuation_joined)
{
    mn_doc *d = txt("- a long item that wraps\n  onto a second line\n- next\n");
    cr_assert_eq(mn_doc_block_count(d), 2);
    expect(d, 0, MN_BLOCK_LIST_ITEM,
           "a long item that wraps onto a second line");
    cr_expect_eq(blk(d, 0)->nanchors, 2);
    mn_doc_free(d);
}

/* ---- numbered items and headings ----------------------------------------- */

Test(text, numbered_markers_and_ordinals)
{
    mn_doc *d = txt("Items:\n1. a\n2) b\n(3) c\n1 . d\n(iv) e\nb) f\n");
    cr_assert_eq(mn_doc_block_count(d), 7);
    unsigned ord[] = {1, 2, 3, 1, 4, 2};
    const char *want[] = {"a", "b", "c", "d", "e", "f"};
    for (size_t i = 0; i < 6; i++) {
        expect(d, i + 1, MN_BLOCK_LIST_ITEM, want[i]);
        cr_expect_eq(blk(d, i + 1)->ordinal, ord[i], "item %zu", i);
    }
    mn_doc_free(d);
}

Test(text, numbered_heading_levels)
{
    mn_doc *d = txt("1. Review of Action Tracker\n\nBody text.\n\n"
                    "4.1 Budget detail\n\nBody text.\n\n"
                    "7.Confirmation of next meeting:\n\nMonday 8th April\n");
    expect(d, 0, MN_BLOCK_HEADING, "1. Review of Action Tracker");
    cr_expect_eq(blk(d, 0)->level, 2);
    cr_expect_eq(blk(d, 0)->flags, MN_BF_LAYOUT);
    expect(d, 2, MN_BLOCK_HEADING, "4.1 Budget detail");
    cr_expect_eq(blk(d, 2)->level, 3);
    expect(d, 4, MN_BLOCK_HEADING, "7.Confirmation of next meeting:");
    cr_expect_eq(blk(d, 4)->level, 2);
    expect(d, 5, MN_BLOCK_PARAGRAPH, "Monday 8th April");
    mn_doc_free(d);
}

Test(text, numbered_line_in_list_context_is_an_item)
{
    mn_doc *d = txt("Action: Force to provide:\n\n1. Clarity on guidance\n\n"
                    "2.Assurance on markers\n\nBody.\n");
    expect(d, 1, MN_BLOCK_LIST_ITEM, "Clarity on guidance");
    cr_expect_eq(blk(d, 1)->ordinal, 1);
    expect(d, 2, MN_BLOCK_LIST_ITEM, "Assurance on markers");
    cr_expect_eq(blk(d, 2)->ordinal, 2);
    expect_pos(blk(d, 2), 5, 3, 53);
    mn_doc_free(d);
}

Test(text, long_or_punctuated_numbered_line_is_an_item)
{
    mn_doc *d = txt("Intro.\n\n3. The committee agreed the budget for the "
                    "coming year after a long discussion of options\n\n"
                    "Body.\n\n4. Minutes approved.\n\nBody.\n");
    cr_expect_eq(blk(d, 1)->kind, MN_BLOCK_LIST_ITEM);
    cr_expect_eq(blk(d, 1)->ordinal, 3);
    expect(d, 3, MN_BLOCK_LIST_ITEM, "Minutes approved.");
    mn_doc_free(d);
}

Test(text, numbered_heading_directly_followed_by_body)
{
    mn_doc *d = txt("2. Finance\nThe treasurer presented the accounts for "
                    "the year and they were approved.\n");
    expect(d, 0, MN_BLOCK_HEADING, "2. Finance");
    cr_expect_eq(blk(d, 1)->kind, MN_BLOCK_PARAGRAPH);
    mn_doc_free(d);
}

Test(text, decimal_number_is_not_a_marker)
{
    mn_doc *d = txt("3.5 million calls were answered in the year.\n");
    expect(d, 0, MN_BLOCK_PARAGRAPH,
           "3.5 million calls were answered in the year.");
    mn_doc_free(d);
}

/* ---- layout headings ----------------------------------------------------- */

Test(text, short_standalone_line_is_heading)
{
    mn_doc *d = txt("Title of the meeting\n\nIntro para.\n\n"
                    "Public confidence\n\nBody text.\n");
    expect(d, 0, MN_BLOCK_HEADING, "Title of the meeting");
    cr_expect_eq(blk(d, 0)->level, 1);
    cr_expect_eq(blk(d, 0)->flags, MN_BF_LAYOUT);
    expect(d, 2, MN_BLOCK_HEADING, "Public confidence");
    cr_expect_eq(blk(d, 2)->level, 2);
    mn_doc_free(d);
}

Test(text, layout_heading_under_numbered_gets_level_3)
{
    mn_doc *d = txt("1. Performance\n\nPublic confidence\n\nBody.\n");
    cr_expect_eq(blk(d, 0)->level, 2);
    expect(d, 1, MN_BLOCK_HEADING, "Public confidence");
    cr_expect_eq(blk(d, 1)->level, 3);
    mn_doc_free(d);
}

Test(text, long_line_without_punctuation_is_paragraph)
{
    mn_doc *d = txt("Intro.\n\nThe focus remains on reducing crime and "
                    "improving detection rates across the whole area\n\n"
                    "Body text.\n");
    cr_expect_eq(blk(d, 1)->kind, MN_BLOCK_PARAGRAPH);
    mn_doc_free(d);
}

Test(text, short_line_with_full_stop_or_at_end_is_paragraph)
{
    mn_doc *d = txt("Intro.\n\nThe PCC sought assurance.\n\nBody.\n\n"
                    "Thematic - Budget - Monday 8th April\n");
    expect(d, 1, MN_BLOCK_PARAGRAPH, "The PCC sought assurance.");
    expect(d, 3, MN_BLOCK_PARAGRAPH, "Thematic - Budget - Monday 8th April");
    mn_doc_free(d);
}

Test(text, heading_directly_followed_by_body)
{
    mn_doc *d = txt("Intro.\n\nPublic confidence\nPublic confidence in the "
                    "area currently sits at 82% which is below target.\n");
    expect(d, 1, MN_BLOCK_HEADING, "Public confidence");
    expect(d, 2, MN_BLOCK_PARAGRAPH,
           "Public confidence in the area currently sits at 82% which is "
           "below target.");
    mn_doc_free(d);
}

Test(text, wrapped_paragraph_not_split)
{
    mn_doc *d = txt("The committee noted the report and agreed that the "
                    "matter be\nReferred to the panel.\n");
    cr_assert_eq(mn_doc_block_count(d), 1);
    cr_expect_eq(blk(d, 0)->kind, MN_BLOCK_PARAGRAPH);
    mn_doc_free(d);
}

Test(text, all_caps_line_is_heading)
{
    mn_doc *d = txt("Intro.\n\nMINUTES OF THE MEETING\n");
    expect(d, 1, MN_BLOCK_HEADING, "MINUTES OF THE MEETING");
    cr_expect_eq(blk(d, 1)->flags, MN_BF_LAYOUT);
    mn_doc_free(d);
}

Test(text, bold_line_is_heading_in_both_modes)
{
    for (int m = 0; m < 2; m++) {
        mn_doc *d = m ? md("Intro.\n\n**Attendees**\n")
                      : txt("Intro.\n\n"
                            "**Attendees**\n");
        expect(d, 1, MN_BLOCK_HEADING, "Attendees");
        cr_expect_eq(blk(d, 1)->flags, MN_BF_LAYOUT | MN_BF_ALL_BOLD);
        cr_assert_eq(blk(d, 1)->nbold, 1);
        cr_expect_eq(blk(d, 1)->bold[0].start, 0);
        cr_expect_eq(blk(d, 1)->bold[0].len, 9);
        expect_pos(blk(d, 1), 3, 3, 10);
        mn_doc_free(d);
    }
}

Test(text, bold_span_inside_paragraph)
{
    mn_doc *d = txt("The **key** point was made.\n");
    expect(d, 0, MN_BLOCK_PARAGRAPH, "The key point was made.");
    cr_assert_eq(blk(d, 0)->nbold, 1);
    cr_expect_eq(blk(d, 0)->bold[0].start, 4);
    cr_expect_eq(blk(d, 0)->bold[0].len, 3);
    cr_expect_eq(blk(d, 0)->flags, 0);
    mn_doc_free(d);
}

Test(text, atx_and_setext_headings)
{
    mn_doc *d = txt("# Title #\n\n## Sub {: .no_toc}\nText here.\n\n"
                    "Big\n===\n\nSmall\n-----\n\nBody.\n");
    expect(d, 0, MN_BLOCK_HEADING, "Title");
    cr_expect_eq(blk(d, 0)->level, 1);
    cr_expect_eq(blk(d, 0)->flags, 0);
    expect_pos(blk(d, 0), 1, 3, 2);
    expect(d, 1, MN_BLOCK_HEADING, "Sub");
    cr_expect_eq(blk(d, 1)->level, 2);
    expect(d, 2, MN_BLOCK_PARAGRAPH, "Text here.");
    expect(d, 3, MN_BLOCK_HEADING, "Big");
    cr_expect_eq(blk(d, 3)->level, 1);
    expect(d, 4, MN_BLOCK_HEADING, "Small");
    cr_expect_eq(blk(d, 4)->level, 2);
    mn_doc_free(d);
}

Test(text, hashtag_is_not_a_heading)
{
    mn_doc *d = txt("#notaheading is text.\n");
    expect(d, 0, MN_BLOCK_PARAGRAPH, "#notaheading is text.");
    mn_doc_free(d);
}

/* ---- markdown inline ----------------------------------------------------- */

Test(text, markdown_inline_markup_stripped)
{
    mn_doc *d = md("Some *em* and _it_ and `a*b` and [the link](http://x/y) "
                   "![img](p.png) &amp; &lt;&#39;&gt;&nbsp;x 1\\. end "
                   "<!-- gone --> snake_case_name\n");
    expect(d, 0, MN_BLOCK_PARAGRAPH,
           "Some em and it and a*b and the link & <'> x 1. end "
           "snake_case_name");
    mn_doc_free(d);
}

Test(text, markdown_br_becomes_newline)
{
    mn_doc *d = md("Line one<br>line two<br/>three <BR /> four\n");
    expect(d, 0, MN_BLOCK_PARAGRAPH, "Line one\nline two\nthree\nfour");
    mn_doc_free(d);
}

Test(text, plain_mode_keeps_single_emphasis)
{
    mn_doc *d = txt("a *b* c_d_ [x](y) &amp; **bold**\n");
    expect(d, 0, MN_BLOCK_PARAGRAPH, "a *b* c_d_ [x](y) &amp; bold");
    cr_expect_eq(blk(d, 0)->nbold, 1);
    mn_doc_free(d);
}

Test(text, unmatched_markers_stay_literal)
{
    mn_doc *d = md("5 * 3 and **open and *x and [y and `z\n");
    expect(d, 0, MN_BLOCK_PARAGRAPH, "5 * 3 and **open and *x and [y and `z");
    mn_doc_free(d);
}

Test(text, markdown_bold_label_line)
{
    mn_doc *d = md("**Present:** Ann, Bob\n**Regrets:** Cy\n");
    cr_assert_eq(mn_doc_block_count(d), 2);
    expect(d, 0, MN_BLOCK_PARAGRAPH, "Present: Ann, Bob");
    cr_expect_eq(blk(d, 0)->bold[0].len, 8);
    expect(d, 1, MN_BLOCK_PARAGRAPH, "Regrets: Cy");
    mn_doc_free(d);
}

Test(text, fenced_code_is_preformatted)
{
    mn_doc *d = md("Before.\n\n```js\nlet  a = *b*;\n\n  x();\n```\nAfter.\n");
    cr_assert_eq(mn_doc_block_count(d), 3);
    expect(d, 1, MN_BLOCK_PRE, "let  a = *b*;\n\n  x();");
    expect_pos(blk(d, 1), 4, 1, 15);
    cr_assert_eq(blk(d, 1)->nanchors, 2);
    cr_expect_eq(blk(d, 1)->anchors[1].pos.line, 6);
    expect(d, 2, MN_BLOCK_PARAGRAPH, "After.");
    mn_doc_free(d);
}

Test(text, indented_code_only_when_clearly_code)
{
    mn_doc *d = md("Text.\n\n    int x = 1;\n    return x;\n\n"
                   "    Indented prose here\n");
    expect(d, 1, MN_BLOCK_PRE, "int x = 1;\nreturn x;");
    expect(d, 2, MN_BLOCK_PARAGRAPH, "Indented prose here");
    mn_doc_free(d);
}

Test(text, blockquote_markers_stripped)
{
    mn_doc *d = md("> quoted text\n> more\n>\n> - item\n");
    expect(d, 0, MN_BLOCK_PARAGRAPH, "quoted text more");
    expect(d, 1, MN_BLOCK_LIST_ITEM, "item");
    mn_doc_free(d);
}

Test(text, kramdown_and_comments_dropped)
{
    mn_doc *d = md("* TOC\n{:toc}\n\n<!--\nhidden\n-->\n"
                   "Para.\n{: #resolution1 .resolution}\n");
    cr_assert_eq(mn_doc_block_count(d), 1);
    expect(d, 0, MN_BLOCK_PARAGRAPH, "Para.");
    mn_doc_free(d);
}

Test(text, front_matter_meta)
{
    mn_doc *d = md("---\nlayout: post\ntitle: \"Meeting 74 - 29 May\"\n"
                   "chair: 'Ann Bee'\nlist:\n  - x\n---\n# Heading\n");
    cr_expect_str_eq(mn_doc_meta(d, "front.title"), "Meeting 74 - 29 May");
    cr_expect_str_eq(mn_doc_meta(d, "front.chair"), "Ann Bee");
    cr_expect_str_eq(mn_doc_meta(d, "front.layout"), "post");
    cr_expect_null(mn_doc_meta(d, "front.list"));
    cr_assert_eq(mn_doc_block_count(d), 1);
    expect(d, 0, MN_BLOCK_HEADING, "Heading");
    expect_pos(blk(d, 0), 8, 3, 81);
    mn_doc_free(d);
}

Test(text, front_matter_needs_markdown_and_a_close)
{
    mn_doc *d = txt("---\ntitle: x\n---\n");
    cr_expect_null(mn_doc_meta(d, "front.title"));
    mn_doc_free(d);
    d = md("---\ntitle: x\n\nNo close.\n");
    cr_expect_null(mn_doc_meta(d, "front.title"));
    mn_doc_free(d);
}

/* ---- tables -------------------------------------------------------------- */

Test(text, pipe_table_cells)
{
    mn_doc *d = txt("| Name | Abbr |\n|---|:---:|\n| Ann Bee | AB |\n"
                    "| Cy Dee |  |\n\nAfter.\n");
    cr_assert_eq(mn_doc_block_count(d), 6);
    expect(d, 0, MN_BLOCK_TABLE_CELL, "Name");
    cr_expect_eq(blk(d, 0)->flags, MN_BF_HEADER_CELL);
    cr_expect_eq(blk(d, 0)->table, 1);
    cr_expect_eq(blk(d, 0)->row, 1);
    cr_expect_eq(blk(d, 1)->column, 2);
    expect(d, 2, MN_BLOCK_TABLE_CELL, "Ann Bee");
    cr_expect_eq(blk(d, 2)->row, 2);
    cr_expect_eq(blk(d, 2)->column, 1);
    cr_expect_eq(blk(d, 2)->flags, 0);
    expect_pos(blk(d, 2), 3, 3, 30);
    expect(d, 4, MN_BLOCK_TABLE_CELL, "Cy Dee");
    cr_expect_eq(blk(d, 4)->row, 3);
    expect(d, 5, MN_BLOCK_PARAGRAPH, "After.");
    mn_doc_free(d);
}

Test(text, pipe_table_broken_pipe_and_no_outer_pipes)
{
    mn_doc *d = md("a | b\n--|--\n\xc2\xa6 **c** | d\n");
    cr_assert_eq(mn_doc_block_count(d), 4);
    expect(d, 2, MN_BLOCK_TABLE_CELL, "c");
    cr_expect_eq(blk(d, 2)->flags, MN_BF_ALL_BOLD);
    expect(d, 3, MN_BLOCK_TABLE_CELL, "d");
    cr_expect_eq(blk(d, 3)->column, 2);
    mn_doc_free(d);
}

Test(text, pipes_without_separator_are_text)
{
    mn_doc *d = txt("a | b\nc | d\n");
    cr_assert_eq(mn_doc_block_count(d), 1);
    expect(d, 0, MN_BLOCK_PARAGRAPH, "a | b c | d");
    mn_doc_free(d);
}

/* ---- furniture ----------------------------------------------------------- */

Test(text, chrome_block_dropped)
{
    mn_doc *d = txt("Accessibility Settings Skip to main content\n\n"
                    "Real title\n\nBody.\n");
    expect(d, 0, MN_BLOCK_HEADING, "Real title");
    cr_expect_eq(blk(d, 0)->level, 1);
    mn_doc_free(d);
}

/* ---- robustness ---------------------------------------------------------- */

Test(text, empty_and_blank_inputs)
{
    mn_doc *d = txt("");
    cr_expect_eq(mn_doc_block_count(d), 0);
    mn_doc_free(d);
    d = txt("\n\n   \n\t\n");
    cr_expect_eq(mn_doc_block_count(d), 0);
    mn_doc_free(d);
}

Test(text, pathological_markup_is_linear)
{
    size_t n = 4u * 1024 * 1024;
    char *s = malloc(n);
    cr_assert_not_null(s);
    const char pat[] = "*a [b `c _d **e <f &g ";
    for (size_t i = 0; i < n; i++)
        s[i] = pat[i % (sizeof pat - 1)];
    mn_doc *d = load(s, n, true);
    cr_expect_eq(mn_doc_block_count(d), 1);
    mn_doc_free(d);
    free(s);
}

Test(text, million_one_word_paragraphs)
{
    size_t count = 1000000, n = count * 7;
    char *s = malloc(n);
    cr_assert_not_null(s);
    for (size_t i = 0; i < count; i++)
        memcpy(s + i * 7, "word.\n\n", 7);
    mn_doc *d = load(s, n, false);
    cr_expect_eq(mn_doc_block_count(d), count);
    const mn_block *b = mn_doc_block(d, count - 1);
    cr_expect_eq(b->pos.line, (unsigned)(count * 2 - 1));
    mn_doc_free(d);
    free(s);
}

Test(text, huge_single_line_is_capped)
{
    size_t n = 50u * 1024 * 1024;
    char *s = malloc(n);
    cr_assert_not_null(s);
    for (size_t i = 0; i < n; i++)
        s[i] = (i % 8 == 7) ? ' ' : 'x';
    mn_doc *d = load(s, n, false);
    cr_assert_eq(mn_doc_block_count(d), 1);
    cr_expect_leq(mn_doc_block(d, 0)->len, MN_MAX_BLOCK_BYTES);
    cr_expect_geq(mn_doc_diag_count(d), 1);
    mn_doc_free(d);
    free(s);
}

Test(text, numbered_line_over_same_level_bullets_is_heading)
{
    mn_doc *d = md("0\\. Attendance\n\n- Ann Bee\n- Cy Dee\n\n"
                   "1. Parent item\n   - nested\n");
    expect(d, 0, MN_BLOCK_HEADING, "0. Attendance");
    cr_expect_eq(blk(d, 0)->level, 2);
    expect(d, 1, MN_BLOCK_LIST_ITEM, "Ann Bee");
    expect(d, 3, MN_BLOCK_LIST_ITEM, "Parent item");
    cr_expect_eq(blk(d, 3)->ordinal, 1);
    expect(d, 4, MN_BLOCK_LIST_ITEM, "nested");
    cr_expect_eq(blk(d, 4)->level, 2);
    mn_doc_free(d);
}

Test(text, markdown_backslash_hard_break)
{
    mn_doc *d = md("20th October 2016\\\nThe Avenue Hotel\n");
    expect(d, 0, MN_BLOCK_PARAGRAPH, "20th October 2016\nThe Avenue Hotel");
    cr_expect_eq(blk(d, 0)->nanchors, 2);
    cr_expect_eq(blk(d, 0)->anchors[1].text_off, 18);
    mn_doc_free(d);
}

Test(text, bold_italic_triple_markers)
{
    mn_doc *d = md("***Minutes approved***\n\nBody.\n");
    expect(d, 0, MN_BLOCK_HEADING, "Minutes approved");
    cr_expect_eq(blk(d, 0)->flags, MN_BF_LAYOUT | MN_BF_ALL_BOLD);
    mn_doc_free(d);
}

/* ---- intentional line breaks (plain text only) --------------------------- */

Test(text, unbulleted_list_lines_after_label_stay_separate)
{
    mn_doc *d = txt("Attendance:\n"
                    "Ann Lee (AL) Chair, Director of Policy\n"
                    "Bo Tan (BT) Treasurer\n"
                    "Cy Ode (CO) Head of Estates\n\n"
                    "The meeting opened at ten.\n");
    cr_assert_eq(mn_doc_block_count(d), 5);
    expect(d, 1, MN_BLOCK_PARAGRAPH, "Ann Lee (AL) Chair, Director of Policy");
    expect(d, 2, MN_BLOCK_PARAGRAPH, "Bo Tan (BT) Treasurer");
    expect(d, 3, MN_BLOCK_PARAGRAPH, "Cy Ode (CO) Head of Estates");
    expect_pos(blk(d, 2), 3, 1, 51);
    mn_doc_free(d);
}

Test(text, wrapped_prose_after_a_colon_heading_is_joined)
{
    mn_doc *d = txt("Recommendation 2:\n\n"
                    "The force confirmed that thirty orders had been\n"
                    "applied for this year, compared with nineteen.\n"
                    "The PCC asked how breaches were followed up by\n"
                    "officers.\n");
    cr_assert_eq(mn_doc_block_count(d), 2);
    expect(d, 1, MN_BLOCK_PARAGRAPH,
           "The force confirmed that thirty orders had been applied for "
           "this year, compared with nineteen. The PCC asked how breaches "
           "were followed up by officers.");
    mn_doc_free(d);
}

Test(text, letterhead_lines_are_not_joined_but_markdown_lines_are)
{
    const char *s = "Governance Board\nNotes of Meeting\nRoom 2, Civic Centre, "
                    "Ashcombe\n\nBody.\n";
    mn_doc *d = txt(s);
    expect(d, 1, MN_BLOCK_PARAGRAPH, "Notes of Meeting");
    expect(d, 2, MN_BLOCK_PARAGRAPH, "Room 2, Civic Centre, Ashcombe");
    mn_doc_free(d);
    d = md(s);
    expect(d, 0, MN_BLOCK_PARAGRAPH,
           "Governance Board Notes of Meeting Room 2, Civic Centre, Ashcombe");
    mn_doc_free(d);
}
