/*
 * mn_date: every date form of formats.md §8 parsed to ISO and back, impossible
 * dates rejected, weekdays, UK financial years and quarters, year inference
 * (including a quarter label that contradicts the months written beside it),
 * and time normalisation.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>

#include "mn_date.h"

static const char *
iso_of(const char *text)
{
    static char buf[16];
    mn_date_parts p;
    if (!mn_date_parse(text, strlen(text), &p))
        return "FAIL";
    if (!p.date.year) {
        snprintf(buf, sizeof buf, "--%02d-%02d", p.date.month, p.date.day);
        return buf;
    }
    return mn_date_iso(p.date, buf, sizeof buf);
}

Test(date, formats_parse_to_iso)
{
    static const char *const cases[][2] = {
        {"26th February", "--02-26"},
        {"21st November 2024", "2024-11-21"},
        {"28th March 2018", "2018-03-28"},
        {"9 December 2015", "2015-12-09"},
        {"2024-11-28", "2024-11-28"},
        {"July 24, 2012", "2012-07-24"},
        {"8 June, 2022", "2022-06-08"},
        {"15.10.2025", "2025-10-15"},
        {"5.11.2025", "2025-11-05"},
        {"25.03.22", "2022-03-25"},
        {"13/05/2024", "2024-05-13"},
        {"Friday, 27th June, 2014", "2014-06-27"},
        {"28TH JULY, 2017", "2017-07-28"},
        {"WEDNESDAY 11TH SEPTEMBER, 2019", "2019-09-11"},
        {"Wednesday 21st June", "--06-21"},
        {"Monday 8th April", "--04-08"},
        {"26th of February 2024", "2024-02-26"},
        {"Thurs 3rd Oct 2024", "2024-10-03"},
        {"1 Sept. 2023", "2023-09-01"},
        {"  17 April 2025.", "2025-04-17"},
        {"17\xc2\xa0"
         "April\xc2\xa0"
         "2025",
         "2025-04-17"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        cr_expect_str_eq(iso_of(cases[i][0]), cases[i][1], "%s", cases[i][0]);
}

Test(date, iso_round_trips_through_written_forms)
{
    /* ISO -> "Monday 8 April 2024" / "08.04.2024" -> ISO, over two years. */
    mn_date d = {2023, 1, 1};
    for (int k = 0; k < 731; k++) {
        char iso[16], again[16], words[96], dotted[48];
        mn_date_iso(d, iso, sizeof iso);
        int wd = mn_weekday(d.year, d.month, d.day);
        snprintf(words, sizeof words, "%s %d %s %d", mn_weekday_name(wd), d.day,
                 mn_month_name(d.month), d.year);
        snprintf(dotted, sizeof dotted, "%02d.%02d.%d", d.day, d.month, d.year);
        mn_date_parts p;
        cr_assert(mn_date_parse(words, strlen(words), &p), "%s", words);
        cr_expect(p.weekday_ok, "%s", words);
        cr_expect_str_eq(mn_date_iso(p.date, again, sizeof again), iso);
        cr_assert(mn_date_parse(dotted, strlen(dotted), &p), "%s", dotted);
        cr_expect_str_eq(mn_date_iso(p.date, again, sizeof again), iso);
        if (d.day < mn_days_in_month(d.year, d.month)) {
            d.day++;
        } else {
            d.day = 1;
            if (++d.month > 12) {
                d.month = 1;
                d.year++;
            }
        }
    }
}

Test(date, impossible_dates_rejected)
{
    static const char *const bad[] = {"31 February 2024",
                                      "31st February",
                                      "29 February 2023",
                                      "30.02.2024",
                                      "2024-13-01",
                                      "32 May 2024",
                                      "0 May 2024",
                                      "31/04/2024",
                                      "26th Febtober",
                                      "February",
                                      "26th",
                                      "26th February meeting",
                                      "101",
                                      "2023/24",
                                      "Q3 23/24",
                                      "",
                                      "26zz February",
                                      "Monday Tuesday 3 May"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        mn_date_parts p;
        cr_expect(!mn_date_parse(bad[i], strlen(bad[i]), &p), "%s", bad[i]);
    }
    mn_date_parts p;
    cr_expect(mn_date_parse("29th February", 13, &p), "yearless leap day");
    cr_expect(mn_date_parse("29 February 2024", 16, &p));
    cr_expect(!mn_date_valid(2100, 2, 29));
    cr_expect(mn_date_valid(2000, 2, 29));
}

Test(date, weekdays)
{
    cr_expect_eq(mn_weekday(2024, 2, 26), 0); /* Monday */
    cr_expect_eq(mn_weekday(2024, 4, 8), 0);
    cr_expect_eq(mn_weekday(2023, 6, 21), 2); /* Wednesday */
    cr_expect_eq(mn_weekday(2000, 1, 1), 5);  /* Saturday */
    cr_expect_eq(mn_weekday(1970, 1, 1), 3);  /* Thursday */
    cr_expect_eq(mn_weekday(2025, 12, 31), 2);
    cr_expect_eq(mn_weekday(2024, 2, 29), 3);
    mn_date_parts p;
    cr_assert(mn_date_parse("Tuesday 26th February 2024", 26, &p));
    cr_expect(!p.weekday_ok, "26 Feb 2024 was a Monday");
    cr_assert(mn_date_parse("Monday 26th February 2024", 25, &p));
    cr_expect(p.weekday_ok);
    cr_expect_eq(p.weekday, 0);
    cr_expect_eq(mn_weekday_from_name("Weds", 4), 2);
    cr_expect_eq(mn_weekday_from_name("THU", 3), 3);
    cr_expect_eq(mn_weekday_from_name("Mo", 2), -1);
    cr_expect_eq(mn_month_from_name("Sept", 4), 9);
    cr_expect_eq(mn_month_from_name("MAY", 3), 5);
    cr_expect_eq(mn_month_from_name("Ma", 2), 0);
}

Test(date, from_parts)
{
    mn_date_parts p;
    cr_assert(mn_date_from_parts("26th", "February", NULL, NULL, &p));
    cr_expect_eq(p.date.year, 0);
    cr_expect_eq(p.date.month, 2);
    cr_expect_eq(p.date.day, 26);
    cr_assert(mn_date_from_parts("8", "Apr", "24", "Monday", &p));
    cr_expect_eq(p.date.year, 2024);
    cr_expect(p.weekday_ok);
    cr_assert(mn_date_from_parts("15", "10", "2025", NULL, &p));
    cr_expect_eq(p.date.month, 10);
    cr_expect(!mn_date_from_parts("31", "February", NULL, NULL, &p));
    cr_expect(!mn_date_from_parts("x", "February", NULL, NULL, &p));
}

Test(date, financial_years)
{
    bool ok;
    cr_expect_eq(mn_fy_parse("2023/24", 7, &ok), 2023);
    cr_expect(ok);
    cr_expect_eq(mn_fy_parse("23/24", 5, &ok), 2023);
    cr_expect_eq(mn_fy_parse("2023-24", 7, &ok), 2023);
    cr_expect_eq(mn_fy_parse("2024\xe2\x80\x93"
                             "25",
                             9, &ok),
                 2024);
    cr_expect_eq(mn_fy_parse("2021/2022", 9, &ok), 2021);
    cr_expect(ok);
    cr_expect_eq(mn_fy_parse("201718", 6, &ok), 2017);
    cr_expect(ok);
    cr_expect_eq(mn_fy_parse("1999/00", 7, &ok), 1999);
    cr_expect(ok, "century wrap");
    cr_expect_eq(mn_fy_parse("2023/23", 7, &ok), 2023);
    cr_expect(!ok, "typo seen in real minutes is flagged");
    cr_expect_eq(mn_fy_parse("2024", 4, &ok), 0);
    cr_expect_eq(mn_fy_parse("13/05/2024", 10, &ok), 0);
    char buf[16];
    cr_expect_str_eq(mn_fy_format(2023, buf, sizeof buf), "2023/24");
    cr_expect_str_eq(mn_fy_format(1999, buf, sizeof buf), "1999/00");
    mn_date feb = {2024, 2, 26}, apr = {2024, 4, 1};
    cr_expect_eq(mn_fy_of(feb), 2023);
    cr_expect_eq(mn_fy_of(apr), 2024);
}

Test(date, quarters)
{
    static const struct {
        int q;
        const char *start, *end;
    } want[] = {{1, "2023-04-01", "2023-06-30"},
                {2, "2023-07-01", "2023-09-30"},
                {3, "2023-10-01", "2023-12-31"},
                {4, "2024-01-01", "2024-03-31"}};
    for (size_t i = 0; i < 4; i++) {
        mn_date s, e;
        char bs[16], be[16];
        cr_assert(mn_fy_quarter_range(2023, want[i].q, &s, &e));
        cr_expect_str_eq(mn_date_iso(s, bs, sizeof bs), want[i].start);
        cr_expect_str_eq(mn_date_iso(e, be, sizeof be), want[i].end);
    }
    cr_expect(!mn_fy_quarter_range(2023, 5, NULL, NULL));
    cr_expect_eq(mn_fy_quarter_of_month(10), 3);
    cr_expect_eq(mn_fy_quarter_of_month(2), 4);
    cr_expect_eq(mn_fy_quarter_of_month(4), 1);
    cr_expect_eq(mn_quarter_parse("Q3", 2), 3);
    cr_expect_eq(mn_quarter_parse("3", 1), 3);
    cr_expect_eq(mn_quarter_parse("three", 5), 3);
    cr_expect_eq(mn_quarter_parse("Fourth", 6), 4);
    cr_expect_eq(mn_quarter_parse("IV", 2), 4);
    cr_expect_eq(mn_quarter_parse("5", 1), 0);
}

static const char *
infer(int month, int day, int wd, int fy, int q)
{
    static char buf[16];
    return mn_date_iso(mn_date_infer_from_period(month, day, wd, fy, q), buf,
                       sizeof buf);
}

Test(date, year_inference_from_period)
{
    /* The seed: "Date: 26th February", "Quarter 3 ... 2023/24". */
    cr_expect_str_eq(infer(2, 26, -1, 2023, 3), "2024-02-26");
    /* Reviewing Q4 (Jan-Mar 2024) in May. */
    cr_expect_str_eq(infer(5, 20, -1, 2023, 4), "2024-05-20");
    /* Reviewing Q1 (Apr-Jun 2023) in August. */
    cr_expect_str_eq(infer(8, 14, -1, 2023, 1), "2023-08-14");
    /* Reviewing Q2 in November, same calendar year. */
    cr_expect_str_eq(infer(11, 20, -1, 2023, 2), "2023-11-20");
    /* Only the FY known: from 1 April. */
    cr_expect_str_eq(infer(6, 21, -1, 2023, 0), "2023-06-21");
    cr_expect_str_eq(infer(1, 10, -1, 2023, 0), "2024-01-10");
    /* A weekday decides between neighbouring years. */
    cr_expect_str_eq(infer(6, 21, 2, 2022, 0), "2023-06-21");
    /* Leap day. */
    cr_expect_str_eq(infer(2, 29, -1, 2023, 3), "2024-02-29");
    cr_expect_str_eq(infer(2, 26, -1, 0, 3), "");
}

Test(date, contradicting_period_label)
{
    /* "Q4 23/24 (January – March 2023)": the label says Jan-Mar 2024, the
     * months say 2023. The label's range is what the period gets; the
     * months' own FY disagrees, which callers report. */
    mn_date s, e;
    cr_assert(mn_fy_quarter_range(mn_fy_parse("23/24", 5, NULL), 4, &s, &e));
    cr_expect_eq(s.year, 2024);
    mn_date jan2023 = {2023, 1, 1};
    cr_expect_eq(mn_fy_of(jan2023), 2022);
    cr_expect_eq(mn_fy_quarter_of_month(1), 4);
    cr_expect_neq(mn_fy_of(jan2023), 2023);
}

Test(date, next_occurrence)
{
    char buf[16];
    mn_date meeting = {2024, 2, 26};
    /* "Monday 8th April" after a meeting on 26 February 2024. */
    cr_expect_str_eq(
        mn_date_iso(mn_date_next(4, 8, 0, meeting, true), buf, sizeof buf),
        "2024-04-08");
    /* "Thursday 8th April" matches no nearby year but 2027. */
    cr_expect_str_eq(
        mn_date_iso(mn_date_next(4, 8, 3, meeting, true), buf, sizeof buf),
        "2027-04-08");
    /* Same day is not "next" when strict. */
    cr_expect_str_eq(
        mn_date_iso(mn_date_next(2, 26, -1, meeting, true), buf, sizeof buf),
        "2025-02-26");
    cr_expect_str_eq(
        mn_date_iso(mn_date_next(2, 26, -1, meeting, false), buf, sizeof buf),
        "2024-02-26");
    cr_expect_str_eq(
        mn_date_iso(mn_date_next(1, 15, -1, meeting, true), buf, sizeof buf),
        "2025-01-15");
    cr_expect_eq(mn_date_next(2, 30, -1, meeting, true).year, 0);
}

static const char *
tm(const char *s)
{
    static char buf[8];
    if (!mn_time_normalise(s, strlen(s), buf, sizeof buf))
        return "FAIL";
    return buf;
}

Test(date, times)
{
    static const char *const cases[][2] = {
        {"2pm", "14:00"},
        {"2PM", "14:00"},
        {"10:30am", "10:30"},
        {"10:30hrs", "10:30"},
        {"14:00hrs", "14:00"},
        {"14:30-17:00", "14:30"},
        {"14:00 – 16:30", "14:00"},
        {"10.30 am", "10:30"},
        {"2.00 pm", "14:00"},
        {"2:00pm", "14:00"},
        {"10.00AM", "10:00"},
        {"3.00 pm", "15:00"},
        {"2 p.m. – 4 p.m.", "14:00"},
        {"1300GMT", "13:00"},
        {"15:00GMT", "15:00"},
        {"15h35", "15:35"},
        {"5:30pm-6:30pm", "17:30"},
        {"14:30 to 17:00", "14:30"},
        {"3pm", "15:00"},
        {"12pm", "12:00"},
        {"12am", "00:00"},
        {"9:05", "09:05"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        cr_expect_str_eq(tm(cases[i][0]), cases[i][1], "%s", cases[i][0]);
    static const char *const bad[] = {"25:00", "13pm", "101",   "2",
                                      "10:7",  "noon", "14:60", "2pm sharp"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        cr_expect_str_eq(tm(bad[i]), "FAIL", "%s", bad[i]);
}
