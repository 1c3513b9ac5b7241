/*
 * Dates, times and UK financial periods as minutes write them. Rules find
 * where a date is; this module turns the captured text ("Wednesday 21st June",
 * "15.10.2025", "July 24, 2012") into numbers, checks them, gives a yearless
 * date its year from the meeting date or the financial year + quarter, and
 * formats ISO 8601. Everything here is pure: no allocation, no globals.
 */
#ifndef MN_DATE_H
#define MN_DATE_H

#include <stdbool.h>
#include <stddef.h>

/* A calendar date; year 0 means "not written", month/day are 1-based. */
typedef struct mn_date {
    int year;
    int month;
    int day;
} mn_date;

/* What mn_date_parse read. weekday is 0 (Monday) .. 6 (Sunday), -1 when no
 * weekday was written; weekday_ok is false when one was written, the year is
 * known and the date falls on another day. */
typedef struct mn_date_parts {
    mn_date date;
    int weekday;
    bool weekday_ok;
} mn_date_parts;

/* True for a real calendar date (31 February is not). Years 1..9999. */
bool mn_date_valid(int year, int month, int day);

/* Days in a month (February by leap year); 0 for a bad month. */
int mn_days_in_month(int year, int month);

/* Day of the week, 0 = Monday .. 6 = Sunday (proleptic Gregorian). */
int mn_weekday(int year, int month, int day);

/* "Feb", "February", "FEBRUARY", "Sept" -> 2 / 9; 0 when not a month name.
 * `s` need not be NUL-terminated. */
int mn_month_from_name(const char *s, size_t n);

/* "Mon", "monday", "Weds", "THURSDAY" -> 0..6; -1 when not a weekday. */
int mn_weekday_from_name(const char *s, size_t n);

/* English month / weekday name ("February", "Monday"); "" when out of range. */
const char *mn_month_name(int month);
const char *mn_weekday_name(int weekday);

/*
 * Parse one date written alone (as captured by a rule), in any of the forms
 * real minutes use: "26th February", "Monday 8th April", "21st November 2024",
 * "Friday, 27th June, 2014", "28TH JULY, 2017", "26th of February 2024",
 * "July 24, 2012", "8 June, 2022", "2024-11-28", "15.10.2025", "25.03.22",
 * "13/05/2024" (numeric forms are day-first unless the year comes first).
 * Two-digit years are 20yy below 70, else 19yy. Surrounding spaces and
 * punctuation are ignored; any other leftover text makes it fail. A date
 * that does not exist (31 February, 29 February 2023) fails. A yearless
 * 29 February is accepted (the year is decided later).
 */
bool mn_date_parse(const char *s, size_t n, mn_date_parts *out);

/* Day/month/year/weekday captured separately (any may be NULL except day and
 * month); same checks as mn_date_parse. */
bool mn_date_from_parts(const char *day, const char *month, const char *year,
                        const char *weekday, mn_date_parts *out);

/* -1, 0, 1 like strcmp; both dates must have a year. */
int mn_date_cmp(mn_date a, mn_date b);

/* "2024-02-26" into buf (>= 11 bytes); "" when the date has no year or is
 * invalid. Returns buf. */
const char *mn_date_iso(mn_date d, char *buf, size_t size);

/*
 * The first date with this month/day on or after `from` (strictly after when
 * `strict`), preferring, when weekday >= 0, the first such date within the
 * next 7 years that falls on that weekday. 29 February lands on a leap year.
 * Returns a date with year 0 when month/day are impossible.
 */
mn_date mn_date_next(int month, int day, int weekday, mn_date from,
                     bool strict);

/* ---- UK financial year (April to March) -------------------------------- */

/* "2023/24", "23/24", "2023-24", "2023–24", "2021/2022", "201718" -> 2023
 * etc. (the year the FY starts in); 0 when not a financial year. When the
 * second half is not the following year ("2023/23", a typo seen in real
 * minutes) the first half is used and *consistent (may be NULL) is false. */
int mn_fy_parse(const char *s, size_t n, bool *consistent);

/* "2023/24" into buf (>= 8 bytes). Returns buf. */
const char *mn_fy_format(int fy_start_year, char *buf, size_t size);

/* The financial year a date falls in (2024-02-26 -> 2023). */
int mn_fy_of(mn_date d);

/* Quarter 1..4 of the UK financial year -> first and last day:
 * Q1 Apr–Jun, Q2 Jul–Sep, Q3 Oct–Dec of fy_start_year, Q4 Jan–Mar of the
 * next year. False for a bad quarter. */
bool mn_fy_quarter_range(int fy_start_year, int quarter, mn_date *start,
                         mn_date *end);

/* The FY quarter holding a calendar month (October -> 3, February -> 4). */
int mn_fy_quarter_of_month(int month);

/* "3", "Q3", "three", "third", "III" -> 3; 0 otherwise. */
int mn_quarter_parse(const char *s, size_t n);

/*
 * The year of a yearless meeting date from the period it reviews: meetings
 * review a quarter after it starts (usually just after it ends), so the date
 * is the first occurrence of day/month on or after the quarter's first day
 * (the FY's 1 April when quarter is 0), preferring a matching weekday. Returns
 * a date with year 0 when it cannot be decided.
 */
mn_date mn_date_infer_from_period(int month, int day, int weekday,
                                  int fy_start_year, int quarter);

/* ---- times ------------------------------------------------------------- */

/*
 * Normalise a written time to "HH:MM" (24 h) in buf (>= 6 bytes): "2pm",
 * "2 PM", "10:30am", "10.30 am", "2 p.m.", "14:00hrs", "1300GMT", "15h35",
 * "14:30" (the start of a range "14:30-17:00" is taken when the whole range
 * is passed). "12pm" is noon, "12am" midnight. False when not a time.
 */
bool mn_time_normalise(const char *s, size_t n, char *buf, size_t size);

#endif
