/*
 * Benchmark input generator: a synthetic archive of minutes pages in the
 * styles real publishers use (CMS furniture, attendee lists, numbered items,
 * figures, tables, actions, resolutions, abbreviations), deterministic for a
 * given seed, plus single large pages. Invented text only; nothing is copied
 * from real minutes. Usage: gen OUTDIR [PAGES] [BIGSIZE_MB...]
 */
#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

typedef struct gen {
    FILE *f;
    uint64_t rng;
    size_t bytes;
    int year, month, day;
    int nattendees;
    char initials[16][4];
} gen;

static const char *const places[] = {
    "Thornbury Vale", "Ashcombe",      "Northmoor", "Kestrel Downs",
    "Harrowfield",    "Wexley Marsh",  "Brindle",   "Ostmere",
    "Calder Heath",   "Lower Fenwick", "Sallowby",  "Greywater"};
static const char *const bodies[] = {
    "Police and Crime Panel", "Accountability Board",
    "Performance Meeting",    "Joint Audit Committee",
    "Community Safety Board", "Ethics and Scrutiny Panel",
    "Estates Working Group",  "Violence Reduction Partnership Board"};
static const char *const first[] = {
    "Helena", "Owen",   "Farah",  "Eleanor", "Simon", "Gareth", "Ruth",
    "Amira",  "Callum", "Bethan", "Dominic", "Priya", "Tomasz", "Grace",
    "Imran",  "Niamh",  "Rhys",   "Yvonne",  "Kwame", "Sian"};
static const char *const last[] = {
    "Marsh",   "Pritchard", "Quinlan", "Hadley", "Ketley", "Ellory",
    "Hallam",  "Okafor",    "Brennan", "Lloyd",  "Sharma", "Novak",
    "Whitley", "Bashir",    "Doyle",   "Carver", "Mensah", "Rowe"};
static const char *const roles[] = {"Police and Crime Commissioner",
                                    "Chief Constable",
                                    "Deputy Chief Constable",
                                    "Chief Finance Officer",
                                    "Head of Policy and Performance",
                                    "Director of Commissioning",
                                    "Panel Member",
                                    "Independent Member",
                                    "Democratic Services Officer",
                                    "Assistant Chief Constable"};
static const char *const topics[] = {"Quarterly performance report",
                                     "Anti-social behaviour (ASB) update",
                                     "Victim services commissioning",
                                     "Budget monitoring",
                                     "Road safety and speeding",
                                     "Violence against women and girls",
                                     "Call handling (101 and 999)",
                                     "Estates strategy",
                                     "Serious violence duty",
                                     "Neighbourhood policing",
                                     "Complaints and professional standards",
                                     "Youth diversion scheme",
                                     "Rural and wildlife crime",
                                     "Domestic abuse (DA) services",
                                     "Police precept proposal",
                                     "HMICFRS inspection findings"};
static const char *const measures[] = {"public confidence",
                                       "victim satisfaction",
                                       "999 calls answered within "
                                       "10 seconds",
                                       "positive outcomes for burglary",
                                       "repeat victimisation",
                                       "staff sickness absence",
                                       "officer numbers",
                                       "response times in rural "
                                       "areas"};
static const char *const months[] = {
    "January", "February", "March",     "April",   "May",      "June",
    "July",    "August",   "September", "October", "November", "December"};
static const char *const weekdays[] = {"Monday", "Tuesday", "Wednesday",
                                       "Thursday", "Friday"};
static const char *const tasks[] = {
    "circulate the revised performance framework to members",
    "provide a breakdown of ASB incidents by ward",
    "report back on the 101 call abandonment rate",
    "share the estates disposal timetable",
    "arrange a briefing on the serious violence duty",
    "confirm the funding position for victim services",
    "update the risk register to reflect the inspection findings"};

static uint64_t
next(gen *g)
{
    g->rng ^= g->rng << 13;
    g->rng ^= g->rng >> 7;
    g->rng ^= g->rng << 17;
    return g->rng;
}

static size_t
pick(gen *g, size_t n)
{
    return (size_t)(next(g) % n);
}

static void out(gen *g, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void
out(gen *g, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vfprintf(g->f, fmt, ap);
    va_end(ap);
    if (n > 0)
        g->bytes += (size_t)n;
}

static const char *
ordinal_suffix(int d)
{
    if (d % 10 == 1 && d != 11)
        return "st";
    if (d % 10 == 2 && d != 12)
        return "nd";
    if (d % 10 == 3 && d != 13)
        return "rd";
    return "th";
}

static void
emit_head(gen *g, const char *place, const char *body)
{
    out(g,
        "<!DOCTYPE html>\n<html lang=\"en-GB\">\n<head>\n<meta "
        "charset=\"utf-8\">\n<title>Minutes of %s %s, %d %s %d</title>\n"
        "<style>body{font-family:Arial,sans-serif}.nav{width:100%%}"
        "</style>\n</head>\n<body>\n",
        place, body, g->day, months[g->month - 1], g->year);
    out(g, "<a class=\"skip-link\" href=\"#main\">Skip to main content</a>\n"
           "<div id=\"cookie-banner\"><p>We use essential cookies to make "
           "this site work.</p><button>Accept additional cookies</button>"
           "</div>\n<header><nav class=\"nav\"><ul><li><a href=\"/\">Home"
           "</a></li><li><a href=\"/meetings/\">Meetings</a></li><li><a "
           "href=\"/contact/\">Contact us</a></li></ul></nav></header>\n");
    out(g, "<main id=\"main\">\n<h1>%s %s</h1>\n", place, body);
    out(g, "<p><strong>Date:</strong> %s, %d%s %s, %d %d.%02d am</p>\n",
        weekdays[pick(g, ARRAY_LEN(weekdays))], g->day, ordinal_suffix(g->day),
        months[g->month - 1], g->year, 9 + (int)pick(g, 3),
        (int)pick(g, 4) * 15);
}

static void
emit_attendees(gen *g)
{
    g->nattendees = 4 + (int)pick(g, 8);
    out(g, "<h2>Present</h2>\n<ul>\n");
    for (int i = 0; i < g->nattendees; i++) {
        const char *fn = first[pick(g, ARRAY_LEN(first))];
        const char *ln = last[pick(g, ARRAY_LEN(last))];
        snprintf(g->initials[i], sizeof g->initials[i], "%c%c", fn[0], ln[0]);
        out(g, "<li>%s%s %s – %s (%s)%s</li>\n", i == 0 ? "Councillor " : "",
            fn, ln, roles[pick(g, ARRAY_LEN(roles))], g->initials[i],
            i == 0 ? " (Chair)" : "");
    }
    out(g,
        "</ul>\n<h2>Apologies</h2>\n<p>Apologies were received from %s "
        "%s.</p>\n",
        first[pick(g, ARRAY_LEN(first))], last[pick(g, ARRAY_LEN(last))]);
}

static void
emit_figures_paragraph(gen *g)
{
    const char *m = measures[pick(g, ARRAY_LEN(measures))];
    int pct = 40 + (int)pick(g, 58);
    out(g,
        "<p>The %s reported that %s %s to %d%% in Quarter %d, against a "
        "target of %d%%. Recorded crime fell by %d.%d%% compared with the "
        "same period last year, and %d calls were received in the "
        "quarter.</p>\n",
        roles[pick(g, 4)], m, pick(g, 2) ? "rose" : "fell", pct,
        1 + (int)pick(g, 4), pct + 5 - (int)pick(g, 10), (int)pick(g, 9),
        (int)pick(g, 10), 1000 + (int)pick(g, 90000));
    out(g,
        "<p>Members asked about the %s budget of £%d.%dm and whether the "
        "forecast overspend of £%dk could be met from reserves. The CFO "
        "confirmed that savings of %d%% were on track.</p>\n",
        places[pick(g, ARRAY_LEN(places))], 1 + (int)pick(g, 40),
        (int)pick(g, 10), 50 + (int)pick(g, 900), 1 + (int)pick(g, 9));
}

static void
emit_table(gen *g)
{
    out(g, "<table>\n<tr><th>Measure</th><th>Q1</th><th>Q2</th><th>Q3</th>"
           "</tr>\n");
    int rows = 2 + (int)pick(g, 4);
    for (int r = 0; r < rows; r++)
        out(g,
            "<tr><td>%s</td><td>%d%%</td><td>%d%%</td><td>%d%%</td>"
            "</tr>\n",
            measures[pick(g, ARRAY_LEN(measures))], 50 + (int)pick(g, 50),
            50 + (int)pick(g, 50), 50 + (int)pick(g, 50));
    out(g, "</table>\n");
}

static void
emit_action(gen *g)
{
    int due = 1 + (int)pick(g, 28);
    out(g, "<p><strong>Action:</strong> %s to %s by %d%s %s %d.</p>\n",
        g->initials[pick(g, (size_t)g->nattendees)],
        tasks[pick(g, ARRAY_LEN(tasks))], due, ordinal_suffix(due),
        months[g->month % 12], g->month == 12 ? g->year + 1 : g->year);
}

static void
emit_item(gen *g, int number)
{
    const char *topic = topics[pick(g, ARRAY_LEN(topics))];
    out(g, "<h2>%d. %s</h2>\n", number, topic);
    out(g,
        "<p>The Panel considered a report on %s in %s. Members noted the "
        "progress made since the last meeting and the risks set out in "
        "section %d of the report.</p>\n",
        topic, places[pick(g, ARRAY_LEN(places))], 2 + (int)pick(g, 6));
    if (pick(g, 3) != 0)
        emit_figures_paragraph(g);
    if (pick(g, 4) == 0)
        emit_table(g);
    if (pick(g, 3) == 0)
        emit_action(g);
    if (pick(g, 2) == 0)
        out(g, "<p>RESOLVED – that the report be noted%s.</p>\n",
            pick(g, 2) ? " and the recommendations be approved" : "");
}

static void
emit_tail(gen *g)
{
    int d = 1 + (int)pick(g, 28);
    out(g,
        "<h2>Date of next meeting</h2>\n<p>The next meeting will be held "
        "on %s %d%s %s %d.</p>\n</main>\n<footer><p>© %s. All rights "
        "reserved.</p></footer>\n</body>\n</html>\n",
        weekdays[pick(g, ARRAY_LEN(weekdays))], d, ordinal_suffix(d),
        months[g->month % 12], g->month == 12 ? g->year + 1 : g->year,
        places[0]);
}

/* One page of at least `target` bytes. */
static int
write_page(const char *path, uint64_t seed, size_t target)
{
    gen g = {.rng = seed * 0x9E3779B97F4A7C15ull + 1};
    g.f = fopen(path, "w");
    if (!g.f) {
        fprintf(stderr, "gen: %s: %s\n", path, strerror(errno));
        return -1;
    }
    g.year = 2015 + (int)pick(&g, 10);
    g.month = 1 + (int)pick(&g, 12);
    g.day = 1 + (int)pick(&g, 28);
    emit_head(&g, places[pick(&g, ARRAY_LEN(places))],
              bodies[pick(&g, ARRAY_LEN(bodies))]);
    emit_attendees(&g);
    for (int n = 1; g.bytes < target && n < 100000000; n++)
        emit_item(&g, n);
    emit_tail(&g);
    return fclose(g.f) == 0 ? 0 : -1;
}

static int
make_dir(const char *path)
{
    if (mkdir(path, 0777) != 0 && errno != EEXIST) {
        fprintf(stderr, "gen: %s: %s\n", path, strerror(errno));
        return -1;
    }
    return 0;
}

static int
write_archive(const char *root, long pages)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/archive", root);
    if (make_dir(path) != 0)
        return -1;
    for (long i = 0; i < pages; i++) {
        snprintf(path, sizeof path, "%s/archive/body%02ld", root, i % 40);
        if (make_dir(path) != 0)
            return -1;
        snprintf(path, sizeof path, "%s/archive/body%02ld/minutes-%05ld.html",
                 root, i % 40, i);
        /* ~15 KB, varied: 11 to 19 KB */
        size_t target = 11000 + (size_t)((uint64_t)(i * 7919) % 8000);
        if (write_page(path, (uint64_t)i + 1, target) != 0)
            return -1;
    }
    return 0;
}

int
main(int argc, char **argv)
{
    if (argc < 2) {
        fputs("usage: gen OUTDIR [PAGES] [BIG_MB...]\n", stderr);
        return 2;
    }
    const char *root = argv[1];
    long pages = argc > 2 ? strtol(argv[2], NULL, 10) : 2000;
    if (make_dir(root) != 0 || write_archive(root, pages) != 0)
        return 1;
    char path[4096];
    snprintf(path, sizeof path, "%s/big", root);
    if (make_dir(path) != 0)
        return 1;
    for (int a = 3; a < argc; a++) {
        long mb = strtol(argv[a], NULL, 10);
        snprintf(path, sizeof path, "%s/big/%ldmb.html", root, mb);
        if (mb > 0 && write_page(path, 1000000u + (uint64_t)mb,
                                 (size_t)mb * 1000000u) != 0)
            return 1;
    }
    return 0;
}
