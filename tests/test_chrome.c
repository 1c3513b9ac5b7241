/* Unit tests of the chrome patterns (parser/mn_chrome.c, rules/chrome.yaml). */
#include <criterion/criterion.h>
#include <pthread.h>
#include <string.h>

#include "mn_chrome.h"
#include "mn_embed.h"

static mn_chrome *
load_ok(const char *yaml)
{
    mn_chrome *c = NULL;
    mn_error err;
    mn_status st = mn_chrome_load("t.yaml", yaml, strlen(yaml), &c, &err);
    cr_assert_eq(st, MN_OK, "%s at %u:%u", err.problem, err.line, err.col);
    return c;
}

static void
expect_error(const char *yaml, mn_status code, unsigned line, unsigned col,
             const char *problem)
{
    mn_chrome *c = NULL;
    mn_error err;
    memset(&err, 0, sizeof err);
    mn_status st = mn_chrome_load("t.yaml", yaml, strlen(yaml), &c, &err);
    cr_expect_eq(st, code, "status %d for %s", st, yaml);
    cr_expect_null(c);
    cr_expect_str_eq(err.file, "t.yaml");
    cr_expect_eq(err.line, line, "line %u (%s)", err.line, err.problem);
    cr_expect_eq(err.col, col, "col %u (%s)", err.col, err.problem);
    cr_expect_not_null(strstr(err.problem, problem), "problem: %s",
                       err.problem);
}

static int
drop(const mn_chrome *c, const char *text)
{
    return mn_chrome_drop_block(c, text, strlen(text));
}

static size_t
trim(const mn_chrome *c, const char *text)
{
    return mn_chrome_trim(c, text, strlen(text));
}

Test(chrome, embedded_file_loads)
{
    const mn_embedded_file *f = mn_embedded_find("chrome.yaml");
    cr_assert_not_null(f);
    mn_chrome *c = NULL;
    mn_error err;
    cr_assert_eq(mn_chrome_load("chrome.yaml", f->data, f->len, &c, &err),
                 MN_OK, "%s:%u:%u: %s", err.file, err.line, err.col,
                 err.problem);
    mn_chrome_free(c);
    cr_expect_eq(mn_chrome_default(), mn_chrome_default());
}

Test(chrome, default_elements_and_attributes)
{
    const mn_chrome *c = mn_chrome_default();
    cr_expect(mn_chrome_drop_element(c, "script", NULL, NULL, NULL));
    cr_expect(mn_chrome_drop_element(c, "nav", NULL, NULL, NULL));
    cr_expect(mn_chrome_drop_element(c, "style", NULL, NULL, NULL));
    cr_expect_not(mn_chrome_drop_element(c, "p", NULL, NULL, NULL));
    cr_expect_not(mn_chrome_drop_element(c, "header", NULL, NULL, NULL));
    cr_expect(mn_chrome_drop_element(c, "header", NULL, "css-4ayqb", NULL));
    cr_expect_not(mn_chrome_drop_element(c, "form", "aspnetForm", NULL, NULL));
    cr_expect(mn_chrome_drop_element(c, "form", NULL, NULL, "search"));
    cr_expect(mn_chrome_drop_element(c, "div", "cookie-banner", NULL, NULL));
    cr_expect(mn_chrome_drop_element(c, "div", NULL, "x CookieConsent", NULL));
    cr_expect(mn_chrome_drop_element(c, "a", NULL, "skip-link", NULL));
    cr_expect(mn_chrome_drop_element(c, "ol", NULL, "breadcrumb", NULL));
    cr_expect(mn_chrome_drop_element(c, "div", "toc", NULL, NULL));
    cr_expect(mn_chrome_drop_element(c, "div", NULL, "diagnostics", NULL));
    cr_expect(mn_chrome_drop_element(c, "div", NULL, NULL, "navigation"));
    cr_expect_not(mn_chrome_drop_element(c, "p", "8e2a", "phone s01", NULL));
    cr_expect_not(mn_chrome_drop_element(c, "p", NULL, "MsoNormal", NULL));
    cr_expect_not(
        mn_chrome_drop_element(c, "div", "tocs-and-more", NULL, NULL));
}

Test(chrome, default_blocks)
{
    const mn_chrome *c = mn_chrome_default();
    cr_expect(drop(c, "Accessibility Settings Skip to main content"));
    cr_expect(drop(c, "Accessibility Settings\nSkip to main content"));
    cr_expect(drop(c, "Skip to main content"));
    cr_expect(drop(c, "pdf icon PDF 135 KB"));
    cr_expect(drop(c, "PDF 1 MB"));
    cr_expect(drop(c, "Share this item"));
    cr_expect(drop(c, "\xe2\x80\xa2 Share this item"));
    cr_expect(drop(c, "Additional documents:"));
    cr_expect(drop(c, "Supporting documents:"));
    cr_expect(drop(c, "View the full minutes text for item 7."));
    cr_expect(drop(c, "...  view the full minutes text for item 12."));
    cr_expect(drop(c, "Agenda and minutes"));
    cr_expect(drop(c, "Agenda and draft minutes"));
    cr_expect(drop(c, "[End of minutes]"));
    cr_expect(drop(c, "Contents"));
    cr_expect(drop(c, "Minutes manually created (not a transcript), formatted "
                      "by scribe.perl version 246 (Wed Oct 1 2025 UTC)."));
    cr_expect(drop(c, "Close Menu"));
    cr_expect(drop(c, "[email protected]"));
    cr_expect(drop(c, "Oxfordshire County Council logo"));
    cr_expect(drop(c, "We use cookies to make this site work."));
    cr_expect_not(drop(c, "Minutes"));
    cr_expect_not(drop(c, "The panel discussed the new logo"));
    cr_expect_not(drop(c, "Contents of the report were noted"));
    cr_expect_not(drop(c, "The PDF 1 MB limit was discussed"));
    cr_expect_not(drop(c, "Share this item with the board"));
}

Test(chrome, default_trailing)
{
    const mn_chrome *c = mn_chrome_default();
    cr_expect_eq(trim(c, "5. Budget report pdf icon PDF 135 KB"), 16);
    cr_expect_eq(trim(c, "5. Budget PDF 1 MB"), 9);
    cr_expect_eq(trim(c, "6. Questions \xe2\x80\xa2 Share this item"), 12);
    cr_expect_eq(trim(c, "7. Item pdf icon PDF 20 KB pdf icon PDF 3 KB"), 7);
    cr_expect_eq(trim(c, "Nothing to cut"), 14);
    cr_expect_eq(mn_chrome_trim(c, "", 0), 0);
}

Test(chrome, custom_schema)
{
    mn_chrome *c = load_ok("# test\n"
                           "elements: [Marquee]\n"
                           "attributes:\n"
                           "  - {tag: div, class: '^ad$'}\n"
                           "  - id: 'promo'\n"
                           "    role: banner\n"
                           "blocks:\n"
                           "  - 'advert( \\d+)?'\n"
                           "trailing:\n"
                           "  - '\\(sponsored\\)'\n");
    cr_expect(mn_chrome_drop_element(c, "marquee", NULL, NULL, NULL));
    cr_expect(mn_chrome_drop_element(c, "div", NULL, "ad", NULL));
    cr_expect_not(mn_chrome_drop_element(c, "span", NULL, "ad", NULL));
    cr_expect_not(mn_chrome_drop_element(c, "div", NULL, "lead", NULL));
    cr_expect(mn_chrome_drop_element(c, "p", "top-promo", NULL, "banner"));
    cr_expect_not(mn_chrome_drop_element(c, "p", "top-promo", NULL, NULL));
    cr_expect(drop(c, "ADVERT 12"));
    cr_expect_not(drop(c, "advert here"));
    cr_expect_eq(trim(c, "Item (sponsored)"), 4);
    mn_chrome_free(c);
}

Test(chrome, empty_files)
{
    mn_chrome *c = load_ok("");
    cr_expect_not(drop(c, "anything"));
    cr_expect_not(mn_chrome_drop_element(c, "nav", "x", "y", "z"));
    mn_chrome_free(c);
    c = load_ok("elements:\nblocks:\n");
    mn_chrome_free(c);
}

Test(chrome, load_errors_name_line_and_column)
{
    expect_error("elements: [nav]\nblokcs:\n  - x\n", MN_E_RULE, 2, 1,
                 "unknown key 'blokcs'");
    expect_error("blocks:\n  - 'ok'\n  - 'bad(('\n", MN_E_PATTERN, 3, 11,
                 "bad pattern");
    expect_error("elements: nav\n", MN_E_RULE, 1, 11, "expected a list");
    expect_error("attributes:\n  - {tag: div, colour: red}\n", MN_E_RULE, 2, 16,
                 "unknown key 'colour'");
    expect_error("attributes:\n  - {tag: div}\n", MN_E_RULE, 2, 5,
                 "needs id, class or role");
    expect_error("blocks: [a\n", MN_E_YAML, 2, 1, "");
    expect_error("- a\n- b\n", MN_E_RULE, 1, 1, "expected a map");
    expect_error("blocks: [&x a, *x]\n", MN_E_RULE, 1, 16, "aliases");
}

static void *
hammer(void *arg)
{
    (void)arg;
    const mn_chrome *c = mn_chrome_default();
    long hits = 0;
    for (int i = 0; i < 2000; i++) {
        hits += drop(c, "Skip to main content");
        hits += mn_chrome_drop_element(c, "div", NULL, "cookie-bar", NULL);
        hits += trim(c, "x pdf icon PDF 1 KB") == 1;
    }
    return (void *)hits;
}

Test(chrome, shared_between_threads)
{
    pthread_t th[4];
    for (int i = 0; i < 4; i++)
        cr_assert_eq(pthread_create(&th[i], NULL, hammer, NULL), 0);
    for (int i = 0; i < 4; i++) {
        void *r;
        pthread_join(th[i], &r);
        cr_expect_eq((long)r, 6000);
    }
}
