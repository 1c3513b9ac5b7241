/*
 * Date, time and UK financial-period arithmetic for the extraction passes.
 * The parsers read text a rule has already isolated, so they are strict about
 * leftovers: "26th February" parses, "26th February meeting" does not. The
 * year inference implements the rules documented in mn_date.h.
 */
#include "mn_date.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

static const char *const month_names[] = {
    "January", "February", "March",     "April",   "May",      "June",
    "July",    "August",   "September", "October", "November", "December"};

static const char *const weekday_names[] = {"Monday",   "Tuesday", "Wednesday",
                                            "Thursday", "Friday",  "Saturday",
                                            "Sunday"};

static bool
is_leap(int y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

int
mn_days_in_month(int year, int month)
{
    static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (month < 1 || month > 12)
        return 0;
    if (month == 2 && is_leap(year))
        return 29;
    return days[month - 1];
}

bool
mn_date_valid(int year, int month, int day)
{
    if (year < 1 || year > 9999)
        return false;
    return day >= 1 && day <= mn_days_in_month(year, month);
}

/* Sakamoto's method, shifted so that Monday is 0. */
int
mn_weekday(int year, int month, int day)
{
    static const int t[] = {0, 3, 2, 5, 0, 3, 5, 1, 4, 6, 2, 4};
    int y = month < 3 ? year - 1 : year;
    int sunday0 =
        (y + y / 4 - y / 100 + y / 400 + t[(month - 1) % 12] + day) % 7;
    return (sunday0 + 6) % 7;
}

const char *
mn_month_name(int month)
{
    return month >= 1 && month <= 12 ? month_names[month - 1] : "";
}

const char *
mn_weekday_name(int weekday)
{
    return weekday >= 0 && weekday <= 6 ? weekday_names[weekday] : "";
}

/* Case-insensitive: is s[0..n) the full name or a prefix of it at least
 * `minlen` long? */
static bool
name_matches(const char *s, size_t n, const char *full, size_t minlen)
{
    size_t fl = strlen(full);
    if (n < minlen || n > fl)
        return false;
    for (size_t i = 0; i < n; i++)
        if (tolower((unsigned char)s[i]) != tolower((unsigned char)full[i]))
            return false;
    return true;
}

int
mn_month_from_name(const char *s, size_t n)
{
    if (n && s[n - 1] == '.')
        n--;
    for (int i = 0; i < 12; i++)
        if (name_matches(s, n, month_names[i], 3))
            return i + 1;
    return 0;
}

int
mn_weekday_from_name(const char *s, size_t n)
{
    if (n && s[n - 1] == '.')
        n--;
    if (n == 4 && name_matches(s, 3, "Wed", 3) &&
        tolower((unsigned char)s[3]) == 's')
        return 2; /* "Weds" */
    if (n == 4 && name_matches(s, 4, "Thurs", 4))
        return 3; /* "Thur" */
    for (int i = 0; i < 7; i++)
        if (name_matches(s, n, weekday_names[i], 3))
            return i;
    return -1;
}

/* ---- parsing ----------------------------------------------------------- */

static int
expand_year(long y, size_t digits)
{
    if (digits <= 2)
        return (int)(y < 70 ? 2000 + y : 1900 + y);
    return (int)y;
}

/* Parse a run of decimal digits; *end past it. -1 when none or too long. */
static long
read_number(const char *s, size_t n, size_t *i, size_t *digits)
{
    long v = 0;
    size_t start = *i;
    while (*i < n && isdigit((unsigned char)s[*i]) && *i - start < 5) {
        v = v * 10 + (s[*i] - '0');
        (*i)++;
    }
    *digits = *i - start;
    if (*digits == 0 || (*i < n && isdigit((unsigned char)s[*i])))
        return -1;
    return v;
}

static bool
is_edge_punct(unsigned char c)
{
    return isspace(c) || c == ',' || c == '.' || c == ';' || c == ':' ||
           c == '(' || c == ')' || c == '*' || c == '_';
}

static void
trim(const char **s, size_t *n)
{
    while (*n && is_edge_punct((unsigned char)(*s)[0])) {
        (*s)++;
        (*n)--;
    }
    while (*n && is_edge_punct((unsigned char)(*s)[*n - 1]))
        (*n)--;
}

static bool
finish(int y, int m, int d, int wd, mn_date_parts *out)
{
    int check_year = y ? y : 2024; /* a leap year: yearless 29 Feb is fine */
    if (!mn_date_valid(check_year, m, d))
        return false;
    out->date.year = y;
    out->date.month = m;
    out->date.day = d;
    out->weekday = wd;
    out->weekday_ok = wd < 0 || y == 0 || mn_weekday(y, m, d) == wd;
    return true;
}

/* "15.10.2025", "25.03.22", "13/05/2024", "2024-11-28". */
static bool
parse_numeric(const char *s, size_t n, mn_date_parts *out)
{
    long v[3];
    size_t dg[3];
    size_t i = 0;
    char sep = 0;
    for (int k = 0; k < 3; k++) {
        v[k] = read_number(s, n, &i, &dg[k]);
        if (v[k] < 0)
            return false;
        if (k == 2)
            break;
        if (i >= n || (s[i] != '.' && s[i] != '/' && s[i] != '-'))
            return false;
        if (sep && s[i] != sep)
            return false;
        sep = s[i++];
    }
    if (i != n)
        return false;
    if (dg[0] == 4 && dg[2] <= 2)
        return finish((int)v[0], (int)v[1], (int)v[2], -1, out);
    if (dg[0] <= 2 && dg[1] <= 2 && (dg[2] == 2 || dg[2] == 4))
        return finish(expand_year(v[2], dg[2]), (int)v[1], (int)v[0], -1, out);
    return false;
}

static bool
is_ordinal_suffix(const char *s, size_t n)
{
    static const char *const suf[] = {"st", "nd", "rd", "th"};
    if (n != 2)
        return false;
    for (size_t i = 0; i < 4; i++)
        if (tolower((unsigned char)s[0]) == suf[i][0] &&
            tolower((unsigned char)s[1]) == suf[i][1])
            return true;
    return false;
}

/* Word-date state while reading tokens left to right. */
typedef struct word_date {
    int weekday, day, month, year;
} word_date;

static bool
take_word(word_date *w, const char *t, size_t len)
{
    if (len == 2 && name_matches(t, 2, "of", 2))
        return w->day && !w->month;
    int m = mn_month_from_name(t, len);
    if (m && !w->month) {
        w->month = m;
        return true;
    }
    int wd = mn_weekday_from_name(t, len);
    if (wd >= 0 && w->weekday < 0 && !w->day && !w->month) {
        w->weekday = wd;
        return true;
    }
    return false;
}

static bool
take_number(word_date *w, long v, size_t digits, bool ordinal)
{
    if (ordinal || (digits <= 2 && !w->day && (!w->month || !w->year))) {
        if (w->day || digits > 2)
            return false;
        w->day = (int)v;
        return true;
    }
    if (w->year || !w->month)
        return false;
    if (digits != 4 && digits != 2)
        return false;
    w->year = expand_year(v, digits);
    return true;
}

static bool
is_sep_at(const char *s, size_t n, size_t i, size_t *width)
{
    unsigned char c = (unsigned char)s[i];
    if (c == ' ' || c == '\t' || c == '\n' || c == ',' || c == '.') {
        *width = 1;
        return true;
    }
    if (c == 0xC2 && i + 1 < n && (unsigned char)s[i + 1] == 0xA0) {
        *width = 2; /* NO-BREAK SPACE */
        return true;
    }
    return false;
}

static bool
parse_words(const char *s, size_t n, mn_date_parts *out)
{
    word_date w = {-1, 0, 0, 0};
    size_t i = 0;
    while (i < n) {
        size_t width;
        if (is_sep_at(s, n, i, &width)) {
            i += width;
            continue;
        }
        size_t start = i;
        if (isdigit((unsigned char)s[i])) {
            size_t digits;
            long v = read_number(s, n, &i, &digits);
            if (v < 0)
                return false;
            size_t ls = i;
            while (i < n && isalpha((unsigned char)s[i]))
                i++;
            bool ordinal = i > ls;
            if (ordinal && !is_ordinal_suffix(s + ls, i - ls))
                return false;
            if (!take_number(&w, v, digits, ordinal))
                return false;
        } else if (isalpha((unsigned char)s[i])) {
            while (i < n && isalpha((unsigned char)s[i]))
                i++;
            if (!take_word(&w, s + start, i - start))
                return false;
        } else {
            return false;
        }
    }
    if (!w.day || !w.month)
        return false;
    return finish(w.year, w.month, w.day, w.weekday, out);
}

bool
mn_date_parse(const char *s, size_t n, mn_date_parts *out)
{
    if (!s || !out)
        return false;
    trim(&s, &n);
    if (n == 0 || n > 64)
        return false;
    mn_date_parts tmp;
    memset(&tmp, 0, sizeof tmp);
    bool ok = isdigit((unsigned char)s[0]) && parse_numeric(s, n, &tmp);
    if (!ok)
        ok = parse_words(s, n, &tmp);
    if (ok)
        *out = tmp;
    return ok;
}

static long
strict_number(const char *s)
{
    size_t n = strlen(s);
    trim(&s, &n);
    size_t i = 0, digits;
    long v = read_number(s, n, &i, &digits);
    /* allow an ordinal suffix on the day */
    if (v >= 0 && i < n && !(n - i == 2 && is_ordinal_suffix(s + i, 2)))
        return -1;
    return v;
}

bool
mn_date_from_parts(const char *day, const char *month, const char *year,
                   const char *weekday, mn_date_parts *out)
{
    if (!day || !month || !out)
        return false;
    long d = strict_number(day);
    const char *ms = month;
    size_t mn = strlen(month);
    trim(&ms, &mn);
    int m = mn_month_from_name(ms, mn);
    if (!m) {
        long mv = strict_number(month);
        m = mv >= 1 && mv <= 12 ? (int)mv : 0;
    }
    int y = 0;
    if (year && *year) {
        const char *ys = year;
        size_t yn = strlen(year);
        trim(&ys, &yn);
        size_t i = 0, digits;
        long yv = read_number(ys, yn, &i, &digits);
        if (yv < 0 || i != yn || (digits != 2 && digits != 4))
            return false;
        y = expand_year(yv, digits);
    }
    int wd = -1;
    if (weekday && *weekday) {
        const char *ws = weekday;
        size_t wn = strlen(weekday);
        trim(&ws, &wn);
        wd = mn_weekday_from_name(ws, wn);
    }
    if (d < 1 || !m)
        return false;
    return finish(y, m, (int)d, wd, out);
}

int
mn_date_cmp(mn_date a, mn_date b)
{
    long ka = (long)a.year * 400 + (long)a.month * 32 + a.day;
    long kb = (long)b.year * 400 + (long)b.month * 32 + b.day;
    return ka < kb ? -1 : ka > kb;
}

const char *
mn_date_iso(mn_date d, char *buf, size_t size)
{
    if (!buf || size == 0)
        return buf;
    buf[0] = '\0';
    if (mn_date_valid(d.year, d.month, d.day))
        snprintf(buf, size, "%04d-%02d-%02d", d.year, d.month, d.day);
    return buf;
}

/* ---- inference --------------------------------------------------------- */

mn_date
mn_date_next(int month, int day, int weekday, mn_date from, bool strict)
{
    mn_date none = {0, 0, 0};
    mn_date first = none;
    if (!mn_date_valid(2024, month, day) || from.year < 1)
        return none;
    /* 8 years: 29 February needs a leap year, a weekday a 7-year cycle. */
    for (int y = from.year; y <= from.year + 8; y++) {
        if (!mn_date_valid(y, month, day))
            continue;
        mn_date c = {y, month, day};
        int cmp = mn_date_cmp(c, from);
        if (cmp < 0 || (strict && cmp == 0))
            continue;
        if (!first.year)
            first = c;
        if (weekday < 0 || mn_weekday(y, month, day) == weekday)
            return c;
        if (y > first.year + 7)
            break;
    }
    return first;
}

mn_date
mn_date_infer_from_period(int month, int day, int weekday, int fy_start_year,
                          int quarter)
{
    mn_date none = {0, 0, 0};
    mn_date from = {fy_start_year, 4, 1};
    if (fy_start_year < 1)
        return none;
    if (quarter) {
        mn_date end;
        if (!mn_fy_quarter_range(fy_start_year, quarter, &from, &end))
            return none;
    }
    mn_date d = mn_date_next(month, day, -1, from, false);
    if (weekday >= 0 && d.year && mn_weekday(d.year, month, day) != weekday) {
        /* The written weekday disagrees: a later year fits better, but never
         * more than a year after the plain answer. */
        mn_date alt = mn_date_next(month, day, weekday, from, false);
        if (alt.year && alt.year <= d.year + 1)
            d = alt;
    }
    return d;
}

/* ---- financial years --------------------------------------------------- */

/* "201718": the slash lost in extraction. */
static bool
six_digit_fy(const char *s, size_t n, long *a, long *b)
{
    if (n != 6)
        return false;
    for (size_t i = 0; i < 6; i++)
        if (!isdigit((unsigned char)s[i]))
            return false;
    *a = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 +
         (s[3] - '0');
    *b = (s[4] - '0') * 10 + (s[5] - '0');
    return true;
}

/* Skip one FY separator ("/", "-", en or em dash); false when none. */
static bool
skip_fy_sep(const char *s, size_t n, size_t *i)
{
    if (*i < n && (s[*i] == '/' || s[*i] == '-')) {
        (*i)++;
        return true;
    }
    if (*i + 2 < n && (unsigned char)s[*i] == 0xE2 &&
        (unsigned char)s[*i + 1] == 0x80 &&
        ((unsigned char)s[*i + 2] == 0x93 ||
         (unsigned char)s[*i + 2] == 0x94)) {
        *i += 3;
        return true;
    }
    return false;
}

int
mn_fy_parse(const char *s, size_t n, bool *consistent)
{
    if (consistent)
        *consistent = true;
    if (!s)
        return 0;
    trim(&s, &n);
    long a, b;
    size_t d1 = 4, d2 = 2;
    if (!six_digit_fy(s, n, &a, &b)) {
        size_t i = 0;
        a = read_number(s, n, &i, &d1);
        if (a < 0 || (d1 != 2 && d1 != 4) || !skip_fy_sep(s, n, &i))
            return 0;
        b = read_number(s, n, &i, &d2);
        if (b < 0 || i != n || (d2 != 2 && d2 != 4))
            return 0;
    }
    int start = expand_year(a, d1);
    bool follows = d2 == 4 ? b == start + 1 : b == (start + 1) % 100;
    if (!follows && consistent)
        *consistent = false;
    return start;
}

const char *
mn_fy_format(int fy_start_year, char *buf, size_t size)
{
    if (buf && size)
        snprintf(buf, size, "%04d/%02d", fy_start_year,
                 (fy_start_year + 1) % 100);
    return buf;
}

int
mn_fy_of(mn_date d)
{
    return d.month >= 4 ? d.year : d.year - 1;
}

bool
mn_fy_quarter_range(int fy_start_year, int quarter, mn_date *start,
                    mn_date *end)
{
    if (quarter < 1 || quarter > 4 || fy_start_year < 1)
        return false;
    int first_month = quarter == 4 ? 1 : 1 + quarter * 3;
    int year = quarter == 4 ? fy_start_year + 1 : fy_start_year;
    int last_month = first_month + 2;
    if (start) {
        start->year = year;
        start->month = first_month;
        start->day = 1;
    }
    if (end) {
        end->year = year;
        end->month = last_month;
        end->day = mn_days_in_month(year, last_month);
    }
    return true;
}

int
mn_fy_quarter_of_month(int month)
{
    if (month < 1 || month > 12)
        return 0;
    return month <= 3 ? 4 : (month - 4) / 3 + 1;
}

int
mn_quarter_parse(const char *s, size_t n)
{
    static const char *const words[][3] = {{"one", "first", "I"},
                                           {"two", "second", "II"},
                                           {"three", "third", "III"},
                                           {"four", "fourth", "IV"}};
    if (!s)
        return 0;
    trim(&s, &n);
    if (n >= 1 && (s[0] == 'Q' || s[0] == 'q') && n <= 2) {
        s++;
        n--;
    }
    if (n == 1 && s[0] >= '1' && s[0] <= '4')
        return s[0] - '0';
    for (int q = 0; q < 4; q++)
        for (int k = 0; k < 3; k++) {
            size_t wl = strlen(words[q][k]);
            bool roman = k == 2;
            if (n != wl)
                continue;
            if (roman ? strncmp(s, words[q][k], n) == 0
                      : name_matches(s, n, words[q][k], wl))
                return q + 1;
        }
    return 0;
}

/* ---- times ------------------------------------------------------------- */

/* After the digits: optional am/pm ("pm", "p.m.", "PM"), "hrs", "GMT", "BST".
 * Returns +12 for pm, 0 for am, -1 for none, -2 for junk. */
static int
read_meridiem(const char *s, size_t n, size_t *i)
{
    while (*i < n && s[*i] == ' ')
        (*i)++;
    char c = (char)(*i < n ? tolower((unsigned char)s[*i]) : 0);
    int mer = -1;
    if ((c == 'a' || c == 'p') && *i + 1 < n) {
        size_t j = *i + 1;
        if (s[j] == '.')
            j++;
        if (j < n && tolower((unsigned char)s[j]) == 'm') {
            mer = c == 'p' ? 12 : 0;
            *i = j + 1;
            if (*i < n && s[*i] == '.')
                (*i)++;
        }
    }
    static const char *const tails[] = {"hrs", "hours", "hr", "h",
                                        "gmt", "bst",   "utc"};
    while (*i < n && s[*i] == ' ')
        (*i)++;
    for (size_t t = 0; t < sizeof tails / sizeof tails[0]; t++) {
        size_t tl = strlen(tails[t]);
        if (*i + tl <= n && name_matches(s + *i, tl, tails[t], tl) &&
            (*i + tl == n || !isalpha((unsigned char)s[*i + tl]))) {
            *i += tl;
            break;
        }
    }
    return mer;
}

static bool
ends_time(const char *s, size_t n, size_t i)
{
    while (i < n && s[i] == ' ')
        i++;
    if (i == n)
        return true;
    /* The start of a range: "14:30-17:00", "2pm – 4pm", "14:30 to 17:00". */
    unsigned char c = (unsigned char)s[i];
    return c == '-' || c == 0xE2 || (c == 't' && i + 1 < n && s[i + 1] == 'o');
}

bool
mn_time_normalise(const char *s, size_t n, char *buf, size_t size)
{
    if (!s || !buf || size < 6)
        return false;
    trim(&s, &n);
    size_t i = 0, digits;
    long h = read_number(s, n, &i, &digits), m = 0;
    if (h < 0)
        return false;
    if (digits == 4) { /* "1300GMT" */
        m = h % 100;
        h /= 100;
    } else if (digits > 2) {
        return false;
    } else if (i < n && (s[i] == ':' || s[i] == '.' || s[i] == 'h') &&
               i + 1 < n && isdigit((unsigned char)s[i + 1])) {
        i++;
        size_t md;
        m = read_number(s, n, &i, &md);
        if (m < 0 || md != 2)
            return false;
    } else if (digits == 2 || digits == 1) {
        /* a bare hour needs am/pm: "2pm" */
        size_t j = i;
        if (read_meridiem(s, n, &j) < 0)
            return false;
    }
    int mer = read_meridiem(s, n, &i);
    if (!ends_time(s, n, i))
        return false;
    if (mer >= 0) {
        if (h < 1 || h > 12)
            return false;
        h = h % 12 + mer;
    }
    if (h > 23 || m > 59)
        return false;
    snprintf(buf, size, "%02ld:%02ld", h, m);
    return true;
}
