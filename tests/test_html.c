/* Unit tests of the HTML tokeniser (parser/mn_html.c) through mn_doc. */
#include <criterion/criterion.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "mn_buf.h"
#include "mn_doc.h"

static mn_doc *
load_as(const char *html, size_t len, const mn_chrome *chrome)
{
    mn_doc_options opt = {MN_FORMAT_HTML, chrome};
    mn_doc *doc = NULL;
    mn_error err;
    mn_status st = mn_doc_load_memory("t.html", html, len, &opt, &doc, &err);
    cr_assert_eq(st, MN_OK, "load failed: %s", err.problem);
    return doc;
}

static mn_doc *
load(const char *html)
{
    return load_as(html, strlen(html), NULL);
}

/* One line per block: kind level ordinal table/row/col flags |text| */
static char *
dump(const mn_doc *doc)
{
    mn_buf b;
    mn_buf_init(&b, 0);
    for (size_t i = 0; i < mn_doc_block_count(doc); i++) {
        const mn_block *k = mn_doc_block(doc, i);
        cr_assert(mn_buf_printf(&b, "%s %u %u %u/%u/%u %x |%s|\n",
                                mn_block_kind_name(k->kind), k->level,
                                k->ordinal, k->table, k->row, k->column,
                                k->flags, k->text) == MN_OK);
    }
    return mn_buf_take(&b);
}

static void
expect_dump(const char *html, const char *expected)
{
    mn_doc *doc = load(html);
    char *got = dump(doc);
    cr_expect_str_eq(got, expected, "got:\n%s\nfor: %.300s", got, html);
    free(got);
    mn_doc_free(doc);
}

/* Just the texts, joined by '|'. */
static char *
texts(const mn_doc *doc)
{
    mn_buf b;
    mn_buf_init(&b, 0);
    for (size_t i = 0; i < mn_doc_block_count(doc); i++)
        cr_assert(mn_buf_printf(&b, "%s%s", i ? "|" : "",
                                mn_doc_block(doc, i)->text) == MN_OK);
    return mn_buf_take(&b);
}

static void
expect_texts(const char *html, const char *expected)
{
    mn_doc *doc = load(html);
    char *got = texts(doc);
    cr_expect_str_eq(got, expected, "got:\n%s\nfor: %.300s", got, html);
    free(got);
    mn_doc_free(doc);
}

Test(html, block_kinds)
{
    expect_dump("<h1>Title</h1><h3>Sub</h3><p>Para  one\n two</p>"
                "<ol><li>First</li><li>Second</li></ol>"
                "<pre>\nline 1\n  line 2\n</pre>"
                "<dl><dt>Present</dt><dd>A, B</dd></dl>"
                "<address>Room 1</address>",
                "heading 1 0 0/0/0 0 |Title|\n"
                "heading 3 0 0/0/0 0 |Sub|\n"
                "paragraph 0 0 0/0/0 0 |Para one two|\n"
                "item 1 1 0/0/0 0 |First|\n"
                "item 1 2 0/0/0 0 |Second|\n"
                "pre 0 0 0/0/0 0 |line 1\n  line 2|\n"
                "paragraph 0 0 0/0/0 8 |Present|\n"
                "paragraph 0 0 0/0/0 8 |A, B|\n"
                "paragraph 0 0 0/0/0 0 |Room 1|\n");
}

Test(html, br_is_newline_with_anchor)
{
    const char *html = "<p>Date: today<br>\n  Time: 10am</p>";
    mn_doc *doc = load(html);
    cr_assert_eq(mn_doc_block_count(doc), 1);
    const mn_block *b = mn_doc_block(doc, 0);
    cr_expect_str_eq(b->text, "Date: today\nTime: 10am");
    mn_pos p = mn_block_locate(b, strlen("Date: today\n"));
    cr_expect_eq(p.line, 2);
    cr_expect_eq(p.col, 3);
    cr_expect_eq(p.offset, (size_t)(strstr(html, "Time") - html));
    mn_doc_free(doc);
}

Test(html, bold_spans_and_all_bold)
{
    mn_doc *doc = load("<p>Item <b>two</b> and <strong>three</strong></p>"
                       "<p><b>All</b> <strong>bold</strong></p>"
                       "<p><span style=\"font-weight: 700\">Styled</span></p>"
                       "<p><b>x <span style='font-weight:normal'>y</span>"
                       "</b></p>");
    cr_assert_eq(mn_doc_block_count(doc), 4);
    const mn_block *b = mn_doc_block(doc, 0);
    cr_assert_eq(b->nbold, 2);
    cr_expect_eq(b->bold[0].start, 5);
    cr_expect_eq(b->bold[0].len, 3);
    cr_expect_eq(b->bold[1].start, 13);
    cr_expect_eq(b->bold[1].len, 5);
    cr_expect_eq(b->flags & MN_BF_ALL_BOLD, 0);
    b = mn_doc_block(doc, 1);
    cr_expect_eq(b->nbold, 1);
    cr_expect(b->flags & MN_BF_ALL_BOLD);
    b = mn_doc_block(doc, 2);
    cr_expect(b->flags & MN_BF_ALL_BOLD);
    b = mn_doc_block(doc, 3);
    cr_expect_str_eq(b->text, "x y");
    cr_expect_eq(b->flags & MN_BF_ALL_BOLD, 0);
    mn_doc_free(doc);
}

Test(html, nested_lists_and_start)
{
    expect_dump("<ul><li>a<ul><li>b<ol start=4><li>c<li value=10>d<li>e"
                "</ol></li></ul>after</li><li>f</li></ul>",
                "item 1 0 0/0/0 0 |a|\n"
                "item 2 0 0/0/0 0 |b|\n"
                "item 3 4 0/0/0 0 |c|\n"
                "item 3 10 0/0/0 0 |d|\n"
                "item 3 11 0/0/0 0 |e|\n"
                "item 1 0 0/0/0 0 |after|\n"
                "item 1 0 0/0/0 0 |f|\n");
}

Test(html, nested_blocks_not_duplicated)
{
    expect_dump("<ul><li><p>In para</p></li></ul>"
                "<table><tr><td><p>Cell para</p></td></tr></table>"
                "<div>loose <p>inner</p> tail</div>",
                "item 1 0 0/0/0 0 |In para|\n"
                "cell 0 0 1/1/1 0 |Cell para|\n"
                "paragraph 0 0 0/0/0 0 |loose|\n"
                "paragraph 0 0 0/0/0 0 |inner|\n"
                "paragraph 0 0 0/0/0 0 |tail|\n");
}

Test(html, table_with_colspan)
{
    mn_doc *doc = load("<table><tr><th>No.</th><th colspan=2>Item</th>"
                       "<th>Who</th></tr>"
                       "<tr><td>1</td><td>a</td><td>b</td><td>TG</td></tr>"
                       "</table><table><tr><td>x</td></tr></table>");
    char *got = dump(doc);
    cr_expect_str_eq(got, "cell 0 0 1/1/1 1 |No.|\n"
                          "cell 0 0 1/1/2 1 |Item|\n"
                          "cell 0 0 1/1/4 1 |Who|\n"
                          "cell 0 0 1/2/1 0 |1|\n"
                          "cell 0 0 1/2/2 0 |a|\n"
                          "cell 0 0 1/2/3 0 |b|\n"
                          "cell 0 0 1/2/4 0 |TG|\n"
                          "cell 0 0 2/1/1 0 |x|\n");
    cr_expect_str_eq(mn_doc_meta(doc, "html.tables"), "2");
    cr_expect_str_eq(mn_doc_meta(doc, "html.tables_without_th"), "1");
    free(got);
    mn_doc_free(doc);
}

Test(html, meta)
{
    mn_doc *doc = load("<!DOCTYPE html><html lang=en-GB><head>"
                       "<title>  Board \n minutes &amp; notes </title></head>"
                       "<body><h1>A</h1><h1>B</h1><img src=x.png>"
                       "<!-- minutes: disable date-missing, no-chair -->"
                       "<p>x</p></body></html>");
    cr_expect_str_eq(mn_doc_meta(doc, "html.title"), "Board minutes & notes");
    cr_expect_str_eq(mn_doc_meta(doc, "html.lang"), "en-GB");
    cr_expect_str_eq(mn_doc_meta(doc, "html.h1_count"), "2");
    cr_expect_str_eq(mn_doc_meta(doc, "html.images_without_alt"), "1");
    cr_expect_str_eq(mn_doc_meta(doc, "html.suppress"),
                     "date-missing no-chair");
    mn_doc_free(doc);
}

Test(html, entities_and_normalisation)
{
    expect_texts("<p>Fish&nbsp;&amp;&nbsp;chips&shy;shop &#8211; "
                 "caf&eacute;</p>",
                 "Fish & chipsshop \xe2\x80\x93 caf\xc3\xa9");
}

Test(html, meta_charset_does_not_redecode)
{
    /* Decoding turned the cp1252 bytes into UTF-8 already; libxml2 must
     * not decode the text a second time because of the <meta>. */
    mn_doc *doc = load("<html><head><meta charset=windows-1252></head>"
                       "<body><p>caf\xe9 \x96 ok</p></body>");
    cr_assert_eq(mn_doc_block_count(doc), 1);
    cr_expect_str_eq(mn_doc_block(doc, 0)->text, "caf\xc3\xa9 \xe2\x80\x93 ok");
    mn_doc_free(doc);
}

Test(html, chrome_dropped)
{
    expect_texts("<html><head><style>p{color:red}</style>"
                 "<script>var x='<p>no</p>';</script></head><body>"
                 "<a class=skip-link href=#main>Skip to main content</a>"
                 "<div id=cookie-banner><p>We use cookies to improve</p></div>"
                 "<header class=site><h1>Council</h1></header>"
                 "<nav><ul><li>Home</li><li>Meetings</li></ul></nav>"
                 "<noscript>Enable JS</noscript>"
                 "<p>Accessibility Settings Skip to main content</p>"
                 "<h1>Agenda and minutes</h1>"
                 "<p>Real text</p>"
                 "<p>5. Budget report pdf icon PDF 135 KB</p>"
                 "<p>pdf icon PDF 1 MB</p>"
                 "<p>Additional documents:</p>"
                 "<p>6. Questions \xe2\x80\xa2 Share this item</p>"
                 "<p>... view the full minutes text for item 6.</p>"
                 "<footer>Copyright</footer></body></html>",
                 "Real text|5. Budget report|6. Questions");
}

Test(html, scribe_perl_furniture)
{
    expect_texts(
        "<!DOCTYPE html>\n<html lang=en>\n<head><title>WG &ndash; 1 May"
        "</title></head>\n<body>\n<header>\n<p><a href=\"https://www.w3.org/"
        "\"><img src=w3c.svg alt=W3C></a></p>\n<h1>Some WG</h1>\n"
        "<h2>01 May 2025</h2>\n<nav id=links><a href=irc><img alt=\"IRC "
        "log.\" src=x.png></a></nav>\n</header>\n<div id=prelims>\n<dl>"
        "<dt>Present</dt><dd>Ann_Smith, Bo</dd></dl>\n<nav id=toc>\n"
        "<h2>Contents</h2>\n<ol><li><a href=#a>Topic</a></li></ol>\n</nav>"
        "\n</div>\n<main id=meeting class=meeting><section><h3 id=a>Topic"
        "</h3><p id=1 class=irc><cite>&lt;Ann&gt;</cite> hello</p>"
        "</section>\n<p>[End of minutes]</p></main>\n<address>Minutes "
        "manually created, formatted by <a href=x>scribe.perl</a> version "
        "246 (Wed Oct 1 2025).</address>\n<div class=diagnostics><h2>"
        "Diagnostics</h2><p class=warning>Succeeded: s/a/b/</p></div>"
        "</body></html>",
        "Some WG|01 May 2025|Present|Ann_Smith, Bo|Topic|<Ann> hello");
}

Test(html, word_save_as_web_page)
{
    const char *html =
        "<html xmlns:o=\"urn:schemas-microsoft-com:office:office\">\n"
        "<head><meta http-equiv=Content-Type content=\"text/html; "
        "charset=windows-1252\">\n<style>\n<!--\n /* Style Definitions */\n"
        " p.MsoNormal {margin:0cm;}\n-->\n</style>\n"
        "<!--[if gte mso 9]><xml><o:DocumentProperties><o:Author>Clerk"
        "</o:Author></o:DocumentProperties></xml><![endif]-->\n</head>\n"
        "<body lang=EN-GB style='tab-interval:36.0pt'>\n"
        "<div class=WordSection1>\n"
        "<p class=MsoNormal><b><span style='font-size:14.0pt'>Minutes of the "
        "Board<o:p></o:p></span></b></p>\n"
        "<p class=MsoNormal><o:p>&nbsp;</o:p></p>\n"
        "<p class=MsoListParagraphCxSpFirst style='text-indent:-18.0pt;"
        "mso-list:l0 level1 lfo1'><![if !supportLists]><span "
        "style='font-family:Symbol'><span style='mso-list:Ignore'>\xc2\xb7"
        "<span style='font:7.0pt \"Times New Roman\"'>&nbsp;&nbsp;&nbsp;"
        "&nbsp;&nbsp;&nbsp; </span></span></span><![endif]>Jane Smith "
        "(JS) &#8211; Chair<o:p></o:p></p>\n"
        "<p class=MsoListParagraphCxSpLast style='margin-left:72.0pt;"
        "mso-list:l0 level2 lfo1'><![if !supportLists]><span "
        "style='mso-list:Ignore'>o<span style='font:7.0pt \"Times New "
        "Roman\"'>&nbsp;&nbsp; </span></span><![endif]>Deputy<o:p></o:p>"
        "</p>\n"
        "<p class=MsoNormal style='margin-left:18.0pt;text-indent:-18.0pt;"
        "mso-list:l1 level1 lfo2'><![if !supportLists]><span "
        "style='mso-list:Ignore'>2.<span style='font:7.0pt \"Times New "
        "Roman\"'>&nbsp;&nbsp; </span></span><![endif]>Apologies</p>\n"
        "</div>\n</body>\n</html>\n";
    expect_dump(html, "paragraph 0 0 0/0/0 2 |Minutes of the Board|\n"
                      "item 1 0 0/0/0 0 |Jane Smith (JS) \xe2\x80\x93 Chair|\n"
                      "item 2 0 0/0/0 0 |Deputy|\n"
                      "item 1 2 0/0/0 0 |Apologies|\n");
}

Test(html, exact_positions_after_multiline_head)
{
    const char *html = "<!DOCTYPE html>\n"
                       "<html>\n"
                       "<head>\n"
                       "  <title>x</title>\n"
                       "  <style>\n"
                       "    p { margin: 0 }\n"
                       "  </style>\n"
                       "</head>\n"
                       "<body>\n"
                       "  <h2 class=a>Minutes</h2>\n"
                       "  <p>\n"
                       "     Present: A,\n"
                       "     B and C</p>\n"
                       "  <p>&amp; more</p><p><b></b></p>\n"
                       "  <ul><li></li><li>  <em>Item</em></li></ul>\n"
                       "</body></html>\n";
    mn_doc *doc = load(html);
    cr_assert_eq(mn_doc_block_count(doc), 4);
    const mn_block *b = mn_doc_block(doc, 0);
    cr_expect_eq(b->pos.line, 10);
    cr_expect_eq(b->pos.col, 15);
    cr_expect_eq(b->pos.offset, (size_t)(strstr(html, "Minutes") - html));
    b = mn_doc_block(doc, 1);
    cr_expect_str_eq(b->text, "Present: A, B and C");
    cr_expect_eq(b->pos.line, 12);
    cr_expect_eq(b->pos.col, 6);
    mn_pos p = mn_block_locate(b, strlen("Present: A, "));
    cr_expect_eq(p.line, 13);
    cr_expect_eq(p.col, 6);
    b = mn_doc_block(doc, 2);
    cr_expect_eq(b->pos.line, 14);
    cr_expect_eq(b->pos.col, 6);
    p = mn_block_locate(b, 2); /* "&amp;" is 5 source bytes for 1 */
    cr_expect_eq(p.col, 12);
    b = mn_doc_block(doc, 3);
    cr_expect_str_eq(b->text, "Item");
    cr_expect_eq(b->pos.line, 15);
    cr_expect_eq(b->pos.col, 26);
    mn_doc_free(doc);
}

Test(html, broken_html_recovers)
{
    expect_texts("<p>one<p>two</div></span><li>three<!-- never closed",
                 "one|two|three");
    expect_texts("<table><td>a<td>b</tr></table></table><h2>t<p>x", "a|b|t|x");
    expect_texts("</div></p><b><i>bold</b> tail</i><p>a < b & c",
                 "bold tail|a < b & c");
}

Test(html, empty_and_blank_input)
{
    mn_doc *doc = load_as("", 0, NULL);
    cr_expect_eq(mn_doc_block_count(doc), 0);
    mn_doc_free(doc);
    doc = load("<html><body>  \n <p> </p><div><br></div></body></html>");
    cr_expect_eq(mn_doc_block_count(doc), 0);
    mn_doc_free(doc);
}

Test(html, deep_nesting_is_bounded_and_fast)
{
    size_t n = 100000;
    mn_buf b;
    mn_buf_init(&b, 0);
    for (size_t i = 0; i < n; i++)
        cr_assert(mn_buf_append(&b, "<div>", 5) == MN_OK);
    cr_assert(mn_buf_append(&b, "deep<br>text", 12) == MN_OK);
    for (size_t i = 0; i < n; i++)
        cr_assert(mn_buf_append(&b, "</div>", 6) == MN_OK);
    cr_assert(mn_buf_append(&b, "<p>after</p>", 12) == MN_OK);
    clock_t t0 = clock();
    mn_doc *doc = load_as(b.data, b.len, NULL);
    double secs = (double)(clock() - t0) / CLOCKS_PER_SEC;
    char *got = texts(doc);
    cr_expect_str_eq(got, "deep\ntext|after");
    cr_expect_lt(secs, 5.0, "took %.2f s", secs);
    free(got);
    mn_doc_free(doc);
    mn_buf_free(&b);
}

/* mn_block keeps narrow fields (parser/mn_doc.h): these values do not fit
 * in the next narrower type and must come through whole. */
Test(html, large_structure_numbers_are_kept)
{
    size_t n = 66000; /* > UINT16_MAX */
    mn_buf b;
    mn_buf_init(&b, 0);
    for (size_t i = 0; i < 300; i++) /* list depth > UINT8_MAX */
        cr_assert(mn_buf_append(&b, "<ul><li>", 8) == MN_OK);
    cr_assert(mn_buf_append(&b, "deep<ol start=100000><li>big</ol>", 33) ==
              MN_OK);
    for (size_t i = 0; i < n; i++)
        cr_assert(mn_buf_printf(&b, "<table><tr><td>t</td></tr></table>") ==
                  MN_OK);
    cr_assert(mn_buf_append(&b, "<table>", 7) == MN_OK);
    for (size_t i = 0; i < n; i++)
        cr_assert(mn_buf_printf(&b, "<tr><td>r</td></tr>") == MN_OK);
    cr_assert(mn_buf_append(&b, "</table>", 8) == MN_OK);
    mn_doc *doc = load_as(b.data, b.len, NULL);
    size_t count = mn_doc_block_count(doc);
    cr_assert_eq(count, 2 + 2 * n);
    const mn_block *deep = mn_doc_block(doc, 0);
    cr_expect_str_eq(deep->text, "deep");
    cr_expect_eq(deep->level, 300);
    cr_expect_eq(mn_doc_block(doc, 1)->ordinal, 100000);
    const mn_block *last = mn_doc_block(doc, count - 1);
    cr_expect_eq(last->table, n + 1);
    cr_expect_eq(last->row, n);
    cr_expect_eq(last->column, 1);
    cr_expect_eq(last->pos.offset, b.len - strlen("r</td></tr></table>"));
    mn_doc_free(doc);
    mn_buf_free(&b);
}

/* ---- real pages from ../shared, when present ------------------------------
 */

static const char *
shared_dir(void)
{
    const char *env = getenv("MN_SHARED");
    return env ? env : "../shared";
}

static int
load_file_doc(const char *path, mn_doc **out)
{
    mn_doc_options opt = {MN_FORMAT_HTML, NULL};
    mn_error err;
    return mn_doc_load_file(path, &opt, out, &err) == MN_OK;
}

static void
expect_no_chrome(const char *path, const char *must_have)
{
    mn_doc *doc = NULL;
    cr_assert(load_file_doc(path, &doc), "cannot load %s", path);
    int found = 0;
    for (size_t i = 0; i < mn_doc_block_count(doc); i++) {
        const char *t = mn_doc_block(doc, i)->text;
        cr_expect_null(strstr(t, "Skip to"), "%s: %s", path, t);
        cr_expect_null(strstr(t, "{margin"), "%s: CSS? %s", path, t);
        cr_expect_null(strstr(t, "line-height:"), "%s: CSS? %s", path, t);
        cr_expect_null(strstr(t, "scribe.perl"), "%s: %s", path, t);
        cr_expect_null(strstr(t, "Recent Meetings"), "%s: %s", path, t);
        cr_expect_neq(strcmp(t, "Contents"), 0, "%s", path);
        cr_expect_neq(strcmp(t, "Installation"), 0, "%s: nav", path);
        cr_expect_neq(strcmp(t, "Useful Links"), 0, "%s: nav", path);
        if (strstr(t, must_have))
            found = 1;
    }
    cr_expect(found, "%s: no block has '%s'", path, must_have);
    mn_doc_free(doc);
}

Test(html, real_pages_have_no_chrome)
{
    char path[1024];
    struct stat st;
    snprintf(path, sizeof path, "%s/corpus-real", shared_dir());
    if (stat(path, &st) != 0)
        cr_skip_test("%s absent", path);
    static const char *const pages[][2] = {
        {"w3c__wot/minutes/td/20251002/minutes.html", "Common Definitions"},
        {"w3c__wot/minutes/td/20251015/minutes.html", "Present"},
        {"icatproject__icatproject.github.io/collaboration/communication/"
         "steering-group/meeting-03/index.html",
         "Attendance"},
        {"icatproject__icatproject.github.io/collaboration/communication/"
         "monthly-meetings/2014-meetings/meeting-74-29-may-2014/index.html",
         "Meeting"},
    };
    for (size_t i = 0; i < sizeof pages / sizeof pages[0]; i++) {
        snprintf(path, sizeof path, "%s/corpus-real/%s", shared_dir(),
                 pages[i][0]);
        if (stat(path, &st) == 0)
            expect_no_chrome(path, pages[i][1]);
    }
}

Test(html, icat_page_starts_with_the_minutes)
{
    char path[1024];
    struct stat st;
    snprintf(path, sizeof path,
             "%s/corpus-real/icatproject__icatproject.github.io/"
             "collaboration/communication/steering-group/meeting-03/"
             "index.html",
             shared_dir());
    if (stat(path, &st) != 0)
        cr_skip_test("%s absent", path);
    mn_doc *doc = NULL;
    cr_assert(load_file_doc(path, &doc));
    cr_assert_gt(mn_doc_block_count(doc), 3);
    const mn_block *b = mn_doc_block(doc, 0);
    cr_expect_eq(b->kind, MN_BLOCK_HEADING);
    cr_expect_str_eq(b->text, "Meeting 03");
    mn_doc_free(doc);
}

Test(html, bullet_glyph_paragraphs_are_list_items)
{
    expect_dump("<p>Intentions:</p><p>\xe2\x80\xa2 Extend the hub</p>"
                "<p>\xc2\xb7  <b>Re-tender</b> the programme</p>",
                "paragraph 0 0 0/0/0 0 |Intentions:|\n"
                "item 1 0 0/0/0 0 |Extend the hub|\n"
                "item 1 0 0/0/0 0 |Re-tender the programme|\n");
}

/* libxml2 delivers long text runs in pieces; each piece keeps its place. */
Test(html, long_text_run_positions)
{
    char html[5000];
    memcpy(html, "<p>", 3);
    memset(html + 3, 'a', 3000);
    memcpy(html + 3003, " b</p>\n<p>x</p>", 16);
    mn_doc *doc = load(html);
    cr_assert_eq(mn_doc_block_count(doc), 2);
    const mn_block *b = mn_doc_block(doc, 0);
    cr_expect_eq(b->pos.col, 4);
    mn_pos end = mn_block_locate(b, b->len - 1);
    cr_expect_eq(end.offset, 3004, "offset of 'b' is %u", end.offset);
    cr_expect_eq(mn_doc_block(doc, 1)->pos.line, 2);
    mn_doc_free(doc);
}
