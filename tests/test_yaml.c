/* Unit tests for YAML/JSON writing and YAML loading (output/mn_yaml.c). */
#include <criterion/criterion.h>

#include <math.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "mn_limits.h"
#include "mn_yaml.h"

/* ---- helpers ---- */

static char *
emit_yaml(const mn_value *v)
{
    mn_buf b;
    mn_buf_init(&b, 0);
    mn_error err = {0};
    mn_status st = mn_yaml_emit(v, &b, &err);
    cr_assert_eq(st, MN_OK, "emit failed: %s", err.problem);
    return mn_buf_take(&b);
}

static char *
emit_json(const mn_value *v)
{
    mn_buf b;
    mn_buf_init(&b, 0);
    mn_error err = {0};
    mn_status st = mn_json_emit(v, &b, &err);
    cr_assert_eq(st, MN_OK, "emit failed: %s", err.problem);
    return mn_buf_take(&b);
}

/* Load text that must hold exactly one document; caller frees. */
static mn_value *
load_one(const char *text)
{
    mn_value *docs = NULL;
    mn_error err = {0};
    char msg[512];
    mn_status st = mn_yaml_load("t.yaml", text, strlen(text), &docs, &err);
    cr_assert_eq(st, MN_OK, "load failed: %s",
                 mn_error_format(&err, msg, sizeof msg));
    cr_assert_eq(mn_value_len(docs), 1);
    mn_value *doc = mn_value_copy(mn_list_at(docs, 0));
    mn_value_free(docs);
    return doc;
}

/* Expect a load error; returns the formatted message in msg. */
static mn_status
load_error(const char *text, size_t len, char *msg, size_t size)
{
    mn_value *docs = NULL;
    mn_error err = {0};
    mn_status st = mn_yaml_load("t.yaml", text, len, &docs, &err);
    cr_assert_neq(st, MN_OK, "expected an error for %s", text);
    cr_assert_null(docs);
    cr_assert_eq(err.code, st);
    mn_error_format(&err, msg, size);
    return st;
}

static void
assert_round_trip(const mn_value *v)
{
    char *text = emit_yaml(v);
    mn_value *back = load_one(text);
    cr_assert(mn_value_equal(v, back), "round trip changed:\n%s", text);
    mn_value_free(back);
    free(text);
}

static mn_value *
record(void)
{
    mn_value *r = mn_value_map();
    mn_map_set_int(r, "schema", 1);
    mn_value *src = mn_value_map();
    mn_map_set_str(src, "path", "corpus/pcc-q3.html");
    mn_map_set_int(src, "bytes", 5123);
    mn_map_set(r, "source", src);
    mn_value *m = mn_value_map();
    mn_map_set_str(m, "title", "Quarter 3 performance \xe2\x80\x93 2024/25");
    mn_map_set_str(m, "date", "2025-02-17");
    mn_map_set_bool(m, "date_certain", false);
    mn_map_set_str(m, "time", "14:00");
    mn_map_set_null(m, "chair");
    mn_map_set(r, "meeting", m);
    mn_value *att = mn_value_list();
    mn_value *a = mn_value_map();
    mn_map_set_str(a, "name", "John Campion");
    mn_map_set_str(a, "abbr", "PCC");
    mn_map_set_bool(a, "acting", false);
    mn_map_set_int(a, "line", 10);
    mn_list_push(att, a);
    mn_map_set(r, "attendees", att);
    mn_value *sec = mn_value_list();
    mn_value *s = mn_value_map();
    mn_map_set_str(s, "number", "2");
    mn_map_set_str(s, "title", "Quarterly HMICFRS Updates");
    mn_map_set(s, "sections", mn_value_list());
    mn_list_push(sec, s);
    mn_map_set(r, "sections", sec);
    mn_value *figs = mn_value_list();
    mn_value *f = mn_value_map();
    mn_map_set_num(f, "value", 82.0);
    mn_map_set_str(f, "text", "82%");
    mn_list_push(figs, f);
    f = mn_value_map();
    mn_map_set_num(f, "value", 0.4);
    mn_map_set_str(f, "text", "0.4%");
    mn_list_push(figs, f);
    mn_map_set(r, "figures", figs);
    mn_map_set(r, "extra", mn_value_map());
    return r;
}

/* ---- writer ---- */

Test(yaml_emit, record_exact)
{
    mn_value *r = record();
    char *text = emit_yaml(r);
    cr_assert_str_eq(text,
                     "schema: 1\n"
                     "source:\n"
                     "  path: corpus/pcc-q3.html\n"
                     "  bytes: 5123\n"
                     "meeting:\n"
                     "  title: Quarter 3 performance \xe2\x80\x93 2024/25\n"
                     "  date: 2025-02-17\n"
                     "  date_certain: false\n"
                     "  time: \"14:00\"\n"
                     "  chair: null\n"
                     "attendees:\n"
                     "- name: John Campion\n"
                     "  abbr: PCC\n"
                     "  acting: false\n"
                     "  line: 10\n"
                     "sections:\n"
                     "- number: \"2\"\n"
                     "  title: Quarterly HMICFRS Updates\n"
                     "  sections: []\n"
                     "figures:\n"
                     "- value: 82\n"
                     "  text: 82%\n"
                     "- value: 0.4\n"
                     "  text: 0.4%\n"
                     "extra: {}\n");
    assert_round_trip(r);
    free(text);
    mn_value_free(r);
}

Test(yaml_emit, deterministic)
{
    mn_value *r = record();
    char *one = emit_yaml(r);
    char *two = emit_yaml(r);
    cr_assert_str_eq(one, two);
    free(one);
    free(two);
    mn_value_free(r);
}

Test(yaml_emit, scalars)
{
    mn_value *l = mn_value_list();
    mn_list_push(l, mn_value_null());
    mn_list_push(l, mn_value_bool(true));
    mn_list_push(l, mn_value_int(-9223372036854775807LL - 1));
    mn_list_push(l, mn_value_num(0.1 + 0.2));
    mn_list_push(l, mn_value_num(1e20));
    mn_list_push(l, mn_value_num(-2.5e-7));
    mn_list_push(l, mn_value_num(INFINITY));
    mn_list_push(l, mn_value_num(-INFINITY));
    mn_list_push(l, mn_value_num(NAN));
    char *text = emit_yaml(l);
    cr_assert_str_eq(text, "- null\n"
                           "- true\n"
                           "- -9223372036854775808\n"
                           "- 0.30000000000000004\n"
                           "- 1e+20\n"
                           "- -2.5e-07\n"
                           "- .inf\n"
                           "- -.inf\n"
                           "- .nan\n");
    assert_round_trip(l);
    free(text);
    mn_value_free(l);
}

Test(yaml_emit, root_scalar_and_empties)
{
    mn_value *v = mn_value_str("hello");
    char *text = emit_yaml(v);
    cr_assert_str_eq(text, "hello\n");
    free(text);
    mn_value_free(v);
    v = mn_value_list();
    text = emit_yaml(v);
    cr_assert_str_eq(text, "[]\n");
    free(text);
    mn_value_free(v);
}

/* Strings that would read back as something else, or not at all. */
static const char *const ambiguous[] = {
    "null",  "Null",  "NULL",  "~",    "",      "true", "False", "TRUE",
    "yes",   "No",    "ON",    "off",  "y",     "N",    "2024",  "-7",
    "+1",    "1e3",   "1E-3",  "0x1F", "0o17",  ".5",   "3.",    "4.1",
    "1_000", "14:00", "0b101", ".inf", "-.Inf", ".NaN", NULL};

Test(yaml_emit, ambiguous_strings_are_double_quoted)
{
    for (size_t i = 0; ambiguous[i]; i++) {
        mn_value *v = mn_value_map();
        mn_map_set_str(v, "k", ambiguous[i]);
        char *text = emit_yaml(v);
        char want[64];
        snprintf(want, sizeof want, "k: \"%s\"\n", ambiguous[i]);
        cr_assert_str_eq(text, want);
        assert_round_trip(v);
        free(text);
        mn_value_free(v);
    }
}

/* The writer settles most strings by first byte and length: check the
 * edges of that shortcut against the full rules. */
Test(yaml_emit, quoting_shortcut_edges)
{
    static const char *const quoted[] = {"yEs",  "nULL", "oN",    "fALSE",
                                         "tRUE", "Off",  "_1",    ":30",
                                         "+.5",  "-0",   "-.iNf", NULL};
    static const char *const plain[] = {"yess", "nulls", "falsey",  "onx",
                                        "Y2",   "~x",    "-x",      "+x",
                                        "_x",   "a1",    "trueish", NULL};
    for (size_t i = 0; quoted[i]; i++) {
        mn_value *v = mn_value_map();
        mn_map_set_str(v, "k", quoted[i]);
        char *text = emit_yaml(v);
        char want[64];
        snprintf(want, sizeof want, "k: \"%s\"\n", quoted[i]);
        cr_assert_str_eq(text, want);
        assert_round_trip(v);
        free(text);
        mn_value_free(v);
    }
    for (size_t i = 0; plain[i]; i++) {
        mn_value *v = mn_value_map();
        mn_map_set_str(v, "k", plain[i]);
        char *text = emit_yaml(v);
        char want[64];
        snprintf(want, sizeof want, "k: %s\n", plain[i]);
        cr_assert_str_eq(text, want);
        assert_round_trip(v);
        free(text);
        mn_value_free(v);
    }
}

/* Integral doubles take a shortcut past snprintf; it must print what
 * "%.15g" would. */
Test(yaml_emit, integral_numbers)
{
    mn_value *l = mn_value_list();
    mn_list_push(l, mn_value_num(82.0));
    mn_list_push(l, mn_value_num(-5.0));
    mn_list_push(l, mn_value_num(0.0));
    mn_list_push(l, mn_value_num(-0.0));
    mn_list_push(l, mn_value_num(999999999999999.0));
    mn_list_push(l, mn_value_num(1e15));
    mn_list_push(l, mn_value_num(-1e15));
    mn_list_push(l, mn_value_int(9223372036854775807LL));
    mn_list_push(l, mn_value_int(0));
    char *text = emit_yaml(l);
    cr_assert_str_eq(text, "- 82\n"
                           "- -5\n"
                           "- 0\n"
                           "- -0\n"
                           "- 999999999999999\n"
                           "- 1e+15\n"
                           "- -1e+15\n"
                           "- 9223372036854775807\n"
                           "- 0\n");
    free(text);
    mn_value_free(l);
}

Test(yaml_emit, special_strings_round_trip)
{
    static const char *const cases[] = {"  leading",
                                        "trailing ",
                                        "a: b",
                                        "a #b",
                                        "a#b",
                                        "- x",
                                        "-x",
                                        "? x",
                                        ":x",
                                        ",x",
                                        "[x",
                                        "]x",
                                        "{x",
                                        "}x",
                                        "#x",
                                        "&x",
                                        "*x",
                                        "!x",
                                        "|x",
                                        ">x",
                                        "'x",
                                        "\"x",
                                        "%x",
                                        "@x",
                                        "`x",
                                        "---",
                                        "...",
                                        "x\ny",
                                        "x\ny\n",
                                        "\nx",
                                        "x\n\n",
                                        "a\r\nb",
                                        "a\tb",
                                        "trail \nnext",
                                        "nel\xc2\x85x",
                                        "ls\xe2\x80\xa8x",
                                        "emoji \xf0\x9f\x98\x80",
                                        "back\\slash",
                                        "2025-02-17",
                                        "39/20",
                                        "7a",
                                        "1.2.3",
                                        "0x",
                                        "e5",
                                        "key: value # no",
                                        NULL};
    for (size_t i = 0; cases[i]; i++) {
        mn_value *v = mn_value_map();
        mn_map_set_str(v, "k", cases[i]);
        mn_map_set_int(v, cases[i], (long long)i); // as a key, too
        assert_round_trip(v);
        mn_value_free(v);
    }
    for (size_t i = 0; ambiguous[i]; i++) {
        mn_value *v = mn_value_map();
        mn_map_set_int(v, ambiguous[i], 1);
        char *text = emit_yaml(v);
        cr_assert_eq(text[0], '"', "key not quoted: %s", text);
        assert_round_trip(v);
        free(text);
        mn_value_free(v);
    }
}

Test(yaml_emit, policy_examples_exact)
{
    mn_value *l = mn_value_list();
    mn_list_push(l, mn_value_str("2025-02-17"));
    mn_list_push(l, mn_value_str("  lead"));
    mn_list_push(l, mn_value_str("a: b"));
    mn_list_push(l, mn_value_str("line one\nline two"));
    mn_list_push(l, mn_value_str("ends\n\n"));
    mn_list_push(l, mn_value_str("tab\there"));
    char *text = emit_yaml(l);
    cr_assert_str_eq(text, "- 2025-02-17\n"
                           "- '  lead'\n"
                           "- 'a: b'\n"
                           "- |-\n"
                           "  line one\n"
                           "  line two\n"
                           "- \"ends\\n\\n\"\n"
                           "- \"tab\\there\"\n");
    free(text);
    mn_value_free(l);
}

Test(yaml_emit, unicode_unescaped)
{
    mn_value *m = mn_value_map();
    mn_map_set_str(m, "dash",
                   "2024\xe2\x80\x93"
                   "25");
    mn_map_set_str(m, "quotes",
                   "\xe2\x80\x9cquoted\xe2\x80\x9d it\xe2\x80\x99s");
    mn_map_set_str(m, "cyrillic",
                   "\xd0\x9f\xd1\x80\xd0\xb8\xd0\xb2\xd0\xb5"
                   "\xd1\x82");
    char *text = emit_yaml(m);
    cr_assert_str_eq(text, "dash: 2024\xe2\x80\x93"
                           "25\n"
                           "quotes: \xe2\x80\x9cquoted\xe2\x80\x9d "
                           "it\xe2\x80\x99s\n"
                           "cyrillic: \xd0\x9f\xd1\x80\xd0\xb8\xd0\xb2\xd0\xb5"
                           "\xd1\x82\n");
    assert_round_trip(m);
    free(text);
    mn_value_free(m);
}

Test(yaml_emit, invalid_utf8_is_an_error_and_output_untouched)
{
    mn_value *m = mn_value_map();
    mn_map_set_str(m, "ok", "fine");
    mn_map_set_str(m, "bad", "x\xff");
    mn_buf b;
    mn_buf_init(&b, 0);
    cr_assert_eq(mn_buf_append(&b, "keep", 4), MN_OK);
    mn_error err = {0};
    cr_assert_eq(mn_yaml_emit(m, &b, &err), MN_E_YAML);
    cr_assert(strstr(err.problem, "UTF-8"), "%s", err.problem);
    cr_assert_str_eq(mn_buf_str(&b), "keep");
    cr_assert_eq(mn_json_emit(m, &b, &err), MN_E_YAML);
    cr_assert_str_eq(mn_buf_str(&b), "keep");
    mn_buf_free(&b);
    mn_value_free(m);
}

Test(yaml_emit, output_cap_is_reported)
{
    mn_value *r = record();
    mn_buf b;
    mn_buf_init(&b, 20);
    mn_error err = {0};
    cr_assert_eq(mn_yaml_emit(r, &b, &err), MN_E_LIMIT);
    cr_assert_eq(b.len, 0);
    cr_assert_eq(mn_json_emit(r, &b, &err), MN_E_LIMIT);
    cr_assert_eq(b.len, 0);
    mn_buf_free(&b);
    mn_value_free(r);
}

static char *
write_stream(bool explicit_start, size_t ndocs)
{
    mn_buf b;
    mn_buf_init(&b, 0);
    mn_error err = {0};
    mn_yaml_writer *w = mn_yaml_writer_new(&b, explicit_start);
    cr_assert_not_null(w);
    for (size_t i = 0; i < ndocs; i++) {
        mn_value *d = mn_value_map();
        mn_map_set_int(d, "doc", (long long)i + 1);
        cr_assert_eq(mn_yaml_write(w, d, &err), MN_OK, "%s", err.problem);
        mn_value_free(d); // the writer does not keep the caller's tree
    }
    cr_assert_eq(mn_yaml_writer_close(w, &err), MN_OK, "%s", err.problem);
    return mn_buf_take(&b);
}

Test(yaml_writer, document_markers)
{
    char *s;
    s = write_stream(false, 1);
    cr_assert_str_eq(s, "doc: 1\n");
    free(s);
    s = write_stream(true, 1);
    cr_assert_str_eq(s, "---\ndoc: 1\n");
    free(s);
    s = write_stream(false, 3);
    cr_assert_str_eq(s, "---\ndoc: 1\n---\ndoc: 2\n---\ndoc: 3\n");
    free(s);
    s = write_stream(true, 2);
    cr_assert_str_eq(s, "---\ndoc: 1\n---\ndoc: 2\n");
    free(s);
    s = write_stream(false, 0);
    cr_assert_str_eq(s, "");
    free(s);
}

Test(yaml_writer, stream_loads_back_as_documents)
{
    char *s = write_stream(false, 3);
    mn_value *docs = NULL;
    cr_assert_eq(mn_yaml_load("s", s, strlen(s), &docs, NULL), MN_OK);
    cr_assert_eq(mn_value_len(docs), 3);
    cr_assert_eq(mn_value_as_int(mn_value_path(docs, "2.doc")), 3);
    mn_value_free(docs);
    free(s);
}

Test(yaml_writer, failure_is_sticky_and_close_frees)
{
    mn_buf b;
    mn_buf_init(&b, 0);
    mn_error err = {0};
    mn_yaml_writer *w = mn_yaml_writer_new(&b, true);
    mn_value *bad = mn_value_str("\xc3");
    cr_assert_eq(mn_yaml_write(w, bad, &err), MN_E_YAML);
    cr_assert_eq(mn_yaml_write(w, bad, &err), MN_E_YAML);
    cr_assert_eq(mn_yaml_writer_close(w, &err), MN_E_YAML);
    cr_assert_eq(mn_yaml_write(NULL, bad, &err), MN_E_USAGE);
    cr_assert_eq(mn_yaml_writer_close(NULL, &err), MN_OK);
    cr_assert_null(mn_yaml_writer_new(NULL, false));
    mn_value_free(bad);
    mn_buf_free(&b);
}

Test(json_emit, record_exact)
{
    mn_value *r = record();
    char *text = emit_json(r);
    cr_assert_str_eq(text, "{\n"
                           "  \"schema\": 1,\n"
                           "  \"source\": {\n"
                           "    \"path\": \"corpus/pcc-q3.html\",\n"
                           "    \"bytes\": 5123\n"
                           "  },\n"
                           "  \"meeting\": {\n"
                           "    \"title\": \"Quarter 3 performance \xe2\x80\x93"
                           " 2024/25\",\n"
                           "    \"date\": \"2025-02-17\",\n"
                           "    \"date_certain\": false,\n"
                           "    \"time\": \"14:00\",\n"
                           "    \"chair\": null\n"
                           "  },\n"
                           "  \"attendees\": [\n"
                           "    {\n"
                           "      \"name\": \"John Campion\",\n"
                           "      \"abbr\": \"PCC\",\n"
                           "      \"acting\": false,\n"
                           "      \"line\": 10\n"
                           "    }\n"
                           "  ],\n"
                           "  \"sections\": [\n"
                           "    {\n"
                           "      \"number\": \"2\",\n"
                           "      \"title\": \"Quarterly HMICFRS Updates\",\n"
                           "      \"sections\": []\n"
                           "    }\n"
                           "  ],\n"
                           "  \"figures\": [\n"
                           "    {\n"
                           "      \"value\": 82,\n"
                           "      \"text\": \"82%\"\n"
                           "    },\n"
                           "    {\n"
                           "      \"value\": 0.4,\n"
                           "      \"text\": \"0.4%\"\n"
                           "    }\n"
                           "  ],\n"
                           "  \"extra\": {}\n"
                           "}\n");
    free(text);
    mn_value_free(r);
}

Test(json_emit, escaping_and_numbers)
{
    mn_value *l = mn_value_list();
    mn_list_push(l, mn_value_str("q\"b\\n\nt\tr\r\x01\x1f\b\f/ \xe2\x80\x93"));
    mn_list_push(l, mn_value_num(NAN));
    mn_list_push(l, mn_value_num(-INFINITY));
    mn_list_push(l, mn_value_num(1.5));
    mn_list_push(l, mn_value_int(-3));
    mn_list_push(l, mn_value_bool(true));
    mn_list_push(l, mn_value_null());
    mn_value *m = mn_value_map();
    mn_map_set_int(m, "k\"ey", 1);
    mn_list_push(l, m);
    char *text = emit_json(l);
    cr_assert_str_eq(text, "[\n"
                           "  \"q\\\"b\\\\n\\nt\\tr\\r\\u0001\\u001f\\b\\f/ "
                           "\xe2\x80\x93\",\n"
                           "  null,\n"
                           "  null,\n"
                           "  1.5,\n"
                           "  -3,\n"
                           "  true,\n"
                           "  null,\n"
                           "  {\n"
                           "    \"k\\\"ey\": 1\n"
                           "  }\n"
                           "]\n");
    free(text);
    mn_value_free(l);
    mn_value *s = mn_value_str("x");
    text = emit_json(s);
    cr_assert_str_eq(text, "\"x\"\n");
    free(text);
    mn_value_free(s);
}

/* ---- loader ---- */

Test(yaml_load, plain_scalar_typing)
{
    mn_value *d = load_one("n1: null\nn2: ~\nn3:\nn4: NULL\n"
                           "t1: true\nt2: True\nt3: FALSE\n"
                           "i1: 2024\ni2: -7\ni3: +3\ni4: 0x1F\ni5: 0o17\n"
                           "f1: 1.5\nf2: 1e3\nf3: .5\nf4: -.inf\nf5: .NaN\n"
                           "f6: 99999999999999999999\n"
                           "s1: yes\ns2: '2024'\ns3: \"true\"\ns4: 2025-02-17\n"
                           "s5: 14:00\ns6: |\n  lit\ns7: >\n  folded\n"
                           "s8: !!str 12\ns9: ! 12\ns10: 0x\n");
    const char *nulls[] = {"n1", "n2", "n3", "n4"};
    for (size_t i = 0; i < 4; i++)
        cr_assert_eq(mn_value_type(mn_map_get(d, nulls[i])), MN_V_NULL);
    cr_assert_eq(mn_value_type(mn_map_get(d, "t2")), MN_V_BOOL);
    cr_assert(mn_value_as_bool(mn_map_get(d, "t2")));
    cr_assert_not(mn_value_as_bool(mn_map_get(d, "t3")));
    cr_assert_eq(mn_value_as_int(mn_map_get(d, "i1")), 2024);
    cr_assert_eq(mn_value_as_int(mn_map_get(d, "i2")), -7);
    cr_assert_eq(mn_value_as_int(mn_map_get(d, "i3")), 3);
    cr_assert_eq(mn_value_as_int(mn_map_get(d, "i4")), 31);
    cr_assert_eq(mn_value_as_int(mn_map_get(d, "i5")), 15);
    cr_assert_eq(mn_value_type(mn_map_get(d, "f1")), MN_V_NUM);
    cr_assert_eq(mn_value_as_num(mn_map_get(d, "f2")), 1000.0);
    cr_assert_eq(mn_value_as_num(mn_map_get(d, "f3")), 0.5);
    cr_assert(isinf(mn_value_as_num(mn_map_get(d, "f4"))));
    cr_assert(mn_value_as_num(mn_map_get(d, "f4")) < 0);
    cr_assert(isnan(mn_value_as_num(mn_map_get(d, "f5"))));
    cr_assert_eq(mn_value_as_num(mn_map_get(d, "f6")), 1e20);
    cr_assert_str_eq(mn_map_get_str(d, "s1"), "yes");
    cr_assert_str_eq(mn_map_get_str(d, "s2"), "2024");
    cr_assert_str_eq(mn_map_get_str(d, "s3"), "true");
    cr_assert_str_eq(mn_map_get_str(d, "s4"), "2025-02-17");
    cr_assert_str_eq(mn_map_get_str(d, "s5"), "14:00");
    cr_assert_str_eq(mn_map_get_str(d, "s6"), "lit\n");
    cr_assert_str_eq(mn_map_get_str(d, "s7"), "folded\n");
    cr_assert_str_eq(mn_map_get_str(d, "s8"), "12");
    cr_assert_str_eq(mn_map_get_str(d, "s9"), "12");
    cr_assert_str_eq(mn_map_get_str(d, "s10"), "0x");
    cr_assert_str_eq(mn_map_key_at(d, 0), "n1"); // document order kept
    mn_value_free(d);
}

Test(yaml_load, documents_and_empty_input)
{
    mn_value *docs = NULL;
    cr_assert_eq(mn_yaml_load("e", "", 0, &docs, NULL), MN_OK);
    cr_assert_eq(mn_value_len(docs), 0);
    mn_value_free(docs);
    cr_assert_eq(mn_yaml_load("e", NULL, 0, &docs, NULL), MN_OK);
    mn_value_free(docs);
    const char *text = "---\na: 1\n---\n- x\n--- plain\n---\n";
    cr_assert_eq(mn_yaml_load("m", text, strlen(text), &docs, NULL), MN_OK);
    cr_assert_eq(mn_value_len(docs), 4);
    cr_assert_str_eq(mn_value_as_str(mn_value_path(docs, "1.0")), "x");
    cr_assert_str_eq(mn_value_as_str(mn_list_at(docs, 2)), "plain");
    cr_assert(mn_value_is_null(mn_list_at(docs, 3)));
    mn_value_free(docs);
}

Test(yaml_load, anchors_and_aliases_rejected)
{
    char msg[512];
    const char *alias = "a: &x 1\nb: *x\n";
    cr_assert_eq(load_error(alias, strlen(alias), msg, sizeof msg), MN_E_YAML);
    cr_assert_str_eq(msg, "t.yaml:1:4: anchors are not supported (&x)");
    const char *only_alias = "a: 1\nb: *x\n";
    load_error(only_alias, strlen(only_alias), msg, sizeof msg);
    cr_assert_str_eq(msg, "t.yaml:2:4: aliases are not supported (*x)");
    const char *map_anchor = "- &m {a: 1}\n";
    load_error(map_anchor, strlen(map_anchor), msg, sizeof msg);
    cr_assert(strstr(msg, "anchors are not supported"), "%s", msg);
}

Test(yaml_load, duplicate_key_names_the_line)
{
    char msg[512];
    const char *text = "top:\n  a: 1\n  b: 2\n  a: 3\n";
    cr_assert_eq(load_error(text, strlen(text), msg, sizeof msg), MN_E_YAML);
    cr_assert_str_eq(msg, "t.yaml:4:3: duplicate key \"a\" "
                          "(in the mapping at line 2)");
}

Test(yaml_load, syntax_error_position_and_context)
{
    char msg[512];
    const char *text = "a: 1\nb: [1, 2\nc: 3\n";
    cr_assert_eq(load_error(text, strlen(text), msg, sizeof msg), MN_E_YAML);
    cr_assert(strncmp(msg, "t.yaml:3:", 9) == 0, "%s", msg);
    cr_assert(strstr(msg, "(while parsing a flow sequence at line 2)"), "%s",
              msg);
}

Test(yaml_load, unsupported_shapes)
{
    char msg[512];
    const char *complex_key = "? [a]\n: 1\n";
    load_error(complex_key, strlen(complex_key), msg, sizeof msg);
    cr_assert_str_eq(msg, "t.yaml:1:3: only scalar mapping keys are supported");
    const char *tag = "a: !!binary aGk=\n";
    load_error(tag, strlen(tag), msg, sizeof msg);
    cr_assert_str_eq(msg,
                     "t.yaml:1:4: unsupported tag tag:yaml.org,2002:binary");
    const char *nul = "a: \"x\\0y\"\n";
    load_error(nul, strlen(nul), msg, sizeof msg);
    cr_assert_str_eq(msg, "t.yaml:1:4: NUL character in a scalar");
}

Test(yaml_load, invalid_utf8_is_an_error)
{
    char msg[512];
    const char text[] = "a: ok\nb: x\xff\n";
    cr_assert_eq(load_error(text, sizeof text - 1, msg, sizeof msg), MN_E_YAML);
    cr_assert_str_eq(msg, "t.yaml:2:5: invalid leading UTF-8 octet (#FF)");
    const char trunc[] = "a: \xe2\x80";
    load_error(trunc, sizeof trunc - 1, msg, sizeof msg);
    const char nul[] = "a: b\0c";
    load_error(nul, sizeof nul - 1, msg, sizeof msg);
}

/* Time bounds are for optimised builds; sanitizers and valgrind are slower. */
#if defined(__SANITIZE_ADDRESS__)
#define SANITIZED 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define SANITIZED 1
#endif
#endif
#ifndef SANITIZED
#define SANITIZED 0
#endif

static double
budget(double seconds)
{
    return SANITIZED || getenv("MN_SLOW") ? seconds * 20 : seconds;
}

static double
seconds_since(struct timespec t0)
{
    struct timespec t1;
    clock_gettime(CLOCK_MONOTONIC, &t1);
    return (double)(t1.tv_sec - t0.tv_sec) +
           (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
}

static void
assert_deep_rejected(const char *open, const char *close, size_t levels)
{
    mn_buf b;
    mn_buf_init(&b, 0);
    for (size_t i = 0; i < levels; i++)
        cr_assert_eq(mn_buf_printf(&b, "%s", open), MN_OK);
    for (size_t i = 0; i < levels; i++)
        cr_assert_eq(mn_buf_printf(&b, "%s", close), MN_OK);
    struct timespec t0;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    char msg[512];
    mn_status st = load_error(b.data, b.len, msg, sizeof msg);
    cr_assert_lt(seconds_since(t0), budget(0.5));
    cr_assert_eq(st, MN_E_LIMIT, "%s", msg);
    cr_assert(strstr(msg, "nesting deeper than 64 levels"), "%s", msg);
    mn_buf_free(&b);
}

Test(yaml_load, deep_nesting_fails_fast)
{
    assert_deep_rejected("[", "]", 10000);
    assert_deep_rejected("{a: ", "}", 10000);
    assert_deep_rejected("- ", "", 10000);
}

Test(yaml_load, depth_limit_exact)
{
    mn_buf b;
    mn_buf_init(&b, 0);
    for (int i = 0; i < MN_MAX_YAML_DEPTH; i++)
        cr_assert_eq(mn_buf_putc(&b, '['), MN_OK);
    for (int i = 0; i < MN_MAX_YAML_DEPTH; i++)
        cr_assert_eq(mn_buf_putc(&b, ']'), MN_OK);
    mn_value *docs = NULL;
    cr_assert_eq(mn_yaml_load("d", b.data, b.len, &docs, NULL), MN_OK);
    mn_value_free(docs);
    mn_buf_free(&b);
}

Test(yaml_load, input_cap)
{
    mn_value *docs = NULL;
    mn_error err = {0};
    // The length is checked before a single byte is read.
    cr_assert_eq(mn_yaml_load("big", "", MN_MAX_INPUT_BYTES + 1, &docs, &err),
                 MN_E_LIMIT);
    cr_assert_null(docs);
    cr_assert_eq(mn_yaml_load("u", NULL, 3, &docs, &err), MN_E_USAGE);
    cr_assert_eq(mn_yaml_load("u", "a", 1, NULL, &err), MN_E_USAGE);
}

Test(yaml_load, errors_do_not_leak_partial_trees)
{
    // Each fails after building part of a tree (checked under ASan).
    static const char *const bad[] = {"a:\n  b: [1, 2, {c: d, c: e}]\n",
                                      "- x\n- {a: [1, 2, &z 3]}\n",
                                      "---\na: 1\n---\nb: [\n",
                                      "a: {b: 1}\nb: {c: 2, ? {x: 1} : y}\n",
                                      "k: v\n- item\n",
                                      NULL};
    char msg[512];
    for (size_t i = 0; bad[i]; i++)
        load_error(bad[i], strlen(bad[i]), msg, sizeof msg);
}

Test(yaml_big, hundred_thousand_items)
{
    mn_value *root = mn_value_map();
    mn_value *l = mn_value_list();
    for (long long i = 0; i < MN_MAX_RECORD_ITEMS; i++) {
        mn_value *item = mn_value_map();
        mn_map_set_int(item, "line", i);
        mn_map_set_str(item, "text", "a figure of 82%");
        mn_list_push(l, item);
    }
    mn_map_set(root, "items", l);
    struct timespec t0;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    char *text = emit_yaml(root);
    mn_value *back = load_one(text);
    double secs = seconds_since(t0);
    cr_assert_lt(secs, budget(1.0), "emit+load took %.3fs", secs);
    cr_assert(mn_value_equal(root, back));
    cr_assert_eq(mn_value_len(mn_map_get(back, "items")), MN_MAX_RECORD_ITEMS);
    mn_value_free(back);
    free(text);
    mn_value_free(root);
}

Test(yaml_big, huge_map_loads_in_linear_time)
{
    mn_buf b;
    mn_buf_init(&b, 0);
    for (int i = 0; i < 100000; i++)
        cr_assert_eq(mn_buf_printf(&b, "k%d: %d\n", i, i), MN_OK);
    mn_value *doc = load_one(b.data);
    cr_assert_eq(mn_value_len(doc), 100000);
    cr_assert_eq(mn_value_as_int(mn_map_get(doc, "k99999")), 99999);
    mn_value_free(doc);
    mn_buf_free(&b);
}
