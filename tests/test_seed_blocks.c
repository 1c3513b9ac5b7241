/*
 * Acceptance test of the text tokeniser on the seed document (West Mercia
 * PCC, Q3 2023/24 performance minutes, as plain text): the blocks must be
 * what a reader sees. Reads ../shared (or $MN_SHARED); skipped when absent.
 * No text of the seed is stored here beyond the short labels asserted.
 */
#include <criterion/criterion.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "mn_doc.h"

#define SEED "seeds/000_3d7798b7432b6bad.txt"

static mn_doc *
load_seed(void)
{
    const char *shared = getenv("MN_SHARED");
    char path[4096];
    (void)snprintf(path, sizeof path, "%s/%s", shared ? shared : "../shared",
                   SEED);
    if (access(path, R_OK) != 0)
        cr_skip_test("seed not found: %s", path);
    mn_doc_options opt = {MN_FORMAT_TEXT, NULL};
    mn_doc *d = NULL;
    mn_error err;
    cr_assert_eq(mn_doc_load_file(path, &opt, &d, &err), MN_OK, "%s",
                 err.problem);
    return d;
}

/* The first block whose text is exactly `text`; fails when there is none. */
static const mn_block *
find(const mn_doc *d, const char *text)
{
    for (size_t i = 0; i < mn_doc_block_count(d); i++) {
        const mn_block *b = mn_doc_block(d, i);
        if (strcmp(b->text, text) == 0)
            return b;
    }
    cr_assert_fail("no block \"%s\"", text);
    return NULL;
}

/* The block that starts on source line `line`. */
static const mn_block *
at_line(const mn_doc *d, unsigned line)
{
    for (size_t i = 0; i < mn_doc_block_count(d); i++) {
        const mn_block *b = mn_doc_block(d, i);
        if (b->pos.line == line)
            return b;
    }
    cr_assert_fail("no block on line %u", line);
    return NULL;
}

static void
expect_block(const mn_doc *d, const char *text, mn_block_kind kind,
             unsigned line)
{
    const mn_block *b = find(d, text);
    cr_expect_eq(b->kind, kind, "\"%s\" is a %s", text,
                 mn_block_kind_name(b->kind));
    cr_expect_eq(b->pos.line, line, "\"%s\" on line %u, want %u", text,
                 b->pos.line, line);
}

Test(seed_blocks, header_and_attendees)
{
    mn_doc *d = load_seed();
    const mn_block *first = mn_doc_block(d, 0);
    cr_expect_str_eq(first->text, "Quarter 3 performance \xe2\x80\x93 2023/24");
    cr_expect_eq(first->kind, MN_BLOCK_HEADING);
    cr_expect_eq(first->level, 1);
    cr_expect_eq(first->pos.line, 3);
    expect_block(d, "Date: 26th February", MN_BLOCK_PARAGRAPH, 5);
    expect_block(d, "Chair: John Campion", MN_BLOCK_PARAGRAPH, 7);

    static const char *const people[] = {
        "John Campion \xe2\x80\x93 Police and Crime Commissioner (PCC)",
        "Natasha Noorbakhsh \xe2\x80\x93 Senior Policy Officer (NN)",
        "Nicola Lowery \xe2\x80\x93 Policy Officer (NL)",
        "Alex Murry \xe2\x80\x93 T/Chief Constable (T/CC)",
        "Richard Cooper \xe2\x80\x93 T/Deputy Chief Constable (T/DCC)"};
    for (unsigned i = 0; i < 5; i++) {
        const mn_block *b = find(d, people[i]);
        cr_expect_eq(b->kind, MN_BLOCK_LIST_ITEM);
        cr_expect_eq(b->level, 1);
        cr_expect_eq(b->ordinal, 0);
        cr_expect_eq(b->pos.line, 10 + i);
        cr_expect_eq(b->pos.col, 5); /* after "  • " */
    }
    mn_doc_free(d);
}

Test(seed_blocks, numbered_headings)
{
    mn_doc *d = load_seed();
    static const struct {
        const char *text;
        unsigned line;
    } h[] = {{"1. Review of Action Tracker", 16},
             {"2.Chief Constable Assessment on Quarterly Performance", 20},
             {"3.National priorities", 64},
             {"5.Summary of Actions Arising", 146},
             {"7.Confirmation of next meeting type/date/time/venue:", 152}};
    for (size_t i = 0; i < sizeof h / sizeof h[0]; i++) {
        expect_block(d, h[i].text, MN_BLOCK_HEADING, h[i].line);
        const mn_block *b = find(d, h[i].text);
        cr_expect_eq(b->level, 2);
        cr_expect_eq(b->flags, MN_BF_LAYOUT);
    }
    mn_doc_free(d);
}

Test(seed_blocks, unnumbered_headings)
{
    mn_doc *d = load_seed();
    static const struct {
        const char *text;
        unsigned line;
    } h[] = {{"Safer West Mercia Plan and Budget Priorities", 22},
             {"Public confidence", 26},
             {"Non- emergency contact performance", 32},
             {"Serious organised crime (SOC) disruptions", 38},
             {"Violent Crime Satisfaction", 46},
             {"Any other performance areas as determined by the Chief "
              "Constable",
              50},
             {"Online Child Sexual Exploitation Team (OCSET)", 52},
             {"Crime volumes and action taken", 58},
             {"Serious violence", 73},
             {"Drugs and County lines", 83},
             {"Neighbourhood crime", 91},
             {"Quarterly HMICFRS Updates", 100},
             {"Recommendation 2:", 104},
             {"Recommendation 4", 110},
             {"Recommendation 8", 126},
             {"Recommendation 9", 130},
             {"Area for improvement (AFI)", 138}};
    for (size_t i = 0; i < sizeof h / sizeof h[0]; i++) {
        expect_block(d, h[i].text, MN_BLOCK_HEADING, h[i].line);
        const mn_block *b = find(d, h[i].text);
        cr_expect_eq(b->level, 3, "\"%s\" level %u", h[i].text, b->level);
        cr_expect_eq(b->flags, MN_BF_LAYOUT);
    }
    mn_doc_free(d);
}

Test(seed_blocks, body_paragraphs_and_actions)
{
    mn_doc *d = load_seed();
    expect_block(d,
                 "The PCC sought assurance that the appropriate resource "
                 "was in place.",
                 MN_BLOCK_PARAGRAPH, 62);
    /* Ends "... improving detection rates" without a full stop. */
    const mn_block *b = at_line(d, 30);
    cr_expect_eq(b->kind, MN_BLOCK_PARAGRAPH);
    const char *tail = "The focus remains on reducing crime and improving "
                       "detection rates";
    cr_expect(b->len > strlen(tail) &&
              strcmp(b->text + b->len - strlen(tail), tail) == 0);

    static const unsigned action_lines[] = {81, 118, 120, 136};
    for (size_t i = 0; i < 4; i++) {
        b = at_line(d, action_lines[i]);
        cr_expect_eq(b->kind, MN_BLOCK_PARAGRAPH, "line %u", action_lines[i]);
        cr_expect(strncmp(b->text, "Action: ", 8) == 0);
    }
    expect_block(d, "Action: Force to provide:", MN_BLOCK_PARAGRAPH, 120);
    expect_block(d,
                 "Thematic \xe2\x80\x93 Budget \xe2\x80\x93 Monday 8th April",
                 MN_BLOCK_PARAGRAPH, 154);
    mn_doc_free(d);
}

Test(seed_blocks, numbered_list_after_action)
{
    mn_doc *d = load_seed();
    const mn_block *b = at_line(d, 122);
    cr_expect_eq(b->kind, MN_BLOCK_LIST_ITEM);
    cr_expect_eq(b->ordinal, 1);
    cr_expect_eq(b->level, 1);
    cr_expect_eq(b->pos.col, 5); /* after "1 . " */
    cr_expect(strncmp(b->text, "Clarity on local/national guidance", 34) == 0);
    b = at_line(d, 124);
    cr_expect_eq(b->kind, MN_BLOCK_LIST_ITEM);
    cr_expect_eq(b->ordinal, 2);
    cr_expect_eq(b->pos.col, 3); /* after "2." */
    cr_expect(strncmp(b->text, "Assurance that CE/MSHT markers", 30) == 0);
    mn_doc_free(d);
}

Test(seed_blocks, totals)
{
    mn_doc *d = load_seed();
    size_t n = mn_doc_block_count(d), kinds[5] = {0};
    for (size_t i = 0; i < n; i++) {
        const mn_block *b = mn_doc_block(d, i);
        kinds[b->kind]++;
        cr_expect_neq(b->pos.line, 1, "chrome line kept");
        cr_expect_eq(b->nanchors, 1);
    }
    /* Reviewed by hand: 1 title, 5 numbered + 17 unnumbered headings, 7 list
     * items, 46 paragraphs (incl. Date, Chair and the four actions). */
    cr_expect_eq(n, 76);
    cr_expect_eq(kinds[MN_BLOCK_HEADING], 23);
    cr_expect_eq(kinds[MN_BLOCK_LIST_ITEM], 7);
    cr_expect_eq(kinds[MN_BLOCK_PARAGRAPH], 46);
    cr_expect_eq(kinds[MN_BLOCK_TABLE_CELL] + kinds[MN_BLOCK_PRE], 0);
    /* Line 112 held a no-break space: normalised, positions still exact. */
    const mn_block *b = at_line(d, 112);
    cr_expect_null(strstr(b->text, "\xc2\xa0"));
    mn_doc_free(d);
}
