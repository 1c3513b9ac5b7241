/*
 * mn_decode: every way an encoding is chosen, replacement counting, binary
 * rejection, normalisation, and exact positions (line, column, original byte
 * offset) after each kind of conversion.
 */
#include <criterion/criterion.h>
#include <iconv.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mn_alloc.h"
#include "mn_decode.h"

/* Decode a literal (its sizeof - 1 bytes) or fail the test. */
#define DECODE(lit, sniff)                                                     \
    decode_ok((const unsigned char *)(lit), sizeof(lit) - 1, (sniff))

static mn_decoded *
decode_ok(const unsigned char *bytes, size_t len, bool sniff)
{
    mn_decode_options opt = {.sniff_html = sniff};
    mn_decoded *d = NULL;
    mn_error err = {0};
    mn_status st = mn_decode("t", bytes, len, &opt, &d, &err);
    cr_assert_eq(st, MN_OK, "decode failed: %s", err.problem);
    cr_assert_not_null(d);
    return d;
}

static void
assert_text(const mn_decoded *d, const char *want)
{
    cr_assert_str_eq(mn_decoded_text(d), want);
    cr_assert_eq(mn_decoded_len(d), strlen(want));
}

/* Position of text offset `off`: line, column and original byte offset. */
static void
assert_pos(const mn_decoded *d, size_t off, unsigned line, unsigned col,
           size_t src)
{
    unsigned l = 0, c = 0;
    size_t s = 0;
    mn_decoded_position(d, off, &l, &c, &s);
    cr_assert_eq(l, line, "off %zu: line %u, want %u", off, l, line);
    cr_assert_eq(c, col, "off %zu: col %u, want %u", off, c, col);
    cr_assert_eq(s, src, "off %zu: source %zu, want %zu", off, s, src);
    cr_assert_eq(mn_decoded_source_offset(d, off), src);
}

/* Line and column of byte `off` of a single-byte-per-character buffer. */
static void
hand_position(const unsigned char *buf, size_t off, unsigned *line,
              unsigned *col)
{
    *line = 1;
    *col = 1;
    for (size_t i = 0; i < off; i++) {
        *line += buf[i] == '\n';
        *col = buf[i] == '\n' ? 1 : *col + 1;
    }
}

/* ---- choosing the encoding ------------------------------------------------
 */

Test(decode, bom_utf8)
{
    mn_decoded *d = DECODE("\xEF\xBB\xBFHi \xC3\xA9", true);
    assert_text(d, "Hi \xC3\xA9");
    cr_assert_str_eq(mn_decoded_encoding(d), "utf-8");
    cr_assert_eq(mn_decoded_encoding_source(d), MN_ENC_FROM_BOM);
    cr_assert_null(mn_decoded_declared(d));
    assert_pos(d, 0, 1, 1, 3);
    assert_pos(d, 3, 1, 4, 6);
    assert_pos(d, 5, 1, 5, 8); /* end of text */
    mn_decoded_free(d);
}

Test(decode, bom_utf16le)
{
    mn_decoded *d = DECODE("\xFF\xFEH\0i\0\xE9\0", false);
    assert_text(d, "Hi\xC3\xA9");
    cr_assert_str_eq(mn_decoded_encoding(d), "utf-16le");
    cr_assert_eq(mn_decoded_encoding_source(d), MN_ENC_FROM_BOM);
    cr_assert_eq(mn_decoded_replacements(d), 0);
    assert_pos(d, 2, 1, 3, 6);
    mn_decoded_free(d);
}

Test(decode, bom_utf16be)
{
    mn_decoded *d = DECODE("\xFE\xFF\0H\0i\x20\x19", false);
    assert_text(d, "Hi\xE2\x80\x99");
    cr_assert_str_eq(mn_decoded_encoding(d), "utf-16be");
    cr_assert_eq(mn_decoded_encoding_source(d), MN_ENC_FROM_BOM);
    mn_decoded_free(d);
}

Test(decode, bom_wins_over_meta)
{
    mn_decoded *d =
        DECODE("\xEF\xBB\xBF<meta charset=\"koi8-r\">\xC3\xA9", true);
    cr_assert_str_eq(mn_decoded_encoding(d), "utf-8");
    cr_assert_eq(mn_decoded_encoding_source(d), MN_ENC_FROM_BOM);
    mn_decoded_free(d);
}

Test(decode, meta_charset_latin1_is_cp1252)
{
    mn_decoded *d = DECODE("<html><head><META Charset=\"ISO-8859-1\"></head>"
                           "\x91q\x92 \x93w\x94 1\x96"
                           "2 caf\xE9",
                           true);
    assert_text(d, "<html><head><META Charset=\"ISO-8859-1\"></head>"
                   "\xE2\x80\x98q\xE2\x80\x99 \xE2\x80\x9Cw\xE2\x80\x9D "
                   "1\xE2\x80\x93"
                   "2 caf\xC3\xA9");
    cr_assert_str_eq(mn_decoded_encoding(d), "windows-1252");
    cr_assert_eq(mn_decoded_encoding_source(d), MN_ENC_FROM_META);
    cr_assert_str_eq(mn_decoded_declared(d), "iso-8859-1");
    cr_assert_eq(mn_decoded_replacements(d), 0);
    mn_decoded_free(d);
}

Test(decode, meta_unquoted_and_single_quotes)
{
    mn_decoded *d = DECODE("<meta charset=latin1>\x93", true);
    cr_assert_str_eq(mn_decoded_encoding(d), "windows-1252");
    cr_assert_str_eq(mn_decoded_declared(d), "latin1");
    mn_decoded_free(d);
    d = DECODE("<meta charset = 'us-ascii' />\x93", true);
    cr_assert_str_eq(mn_decoded_declared(d), "us-ascii");
    cr_assert_str_eq(mn_decoded_encoding(d), "windows-1252");
    mn_decoded_free(d);
}

Test(decode, meta_http_equiv)
{
    mn_decoded *d =
        DECODE("<head><meta http-equiv=\"Content-Type\" "
               "content=\"text/html; charset=iso8859-1\"></head>\x96",
               true);
    assert_text(d, "<head><meta http-equiv=\"Content-Type\" "
                   "content=\"text/html; charset=iso8859-1\"></head>"
                   "\xE2\x80\x93");
    cr_assert_eq(mn_decoded_encoding_source(d), MN_ENC_FROM_META);
    cr_assert_str_eq(mn_decoded_declared(d), "iso8859-1");
    cr_assert_str_eq(mn_decoded_encoding(d), "windows-1252");
    mn_decoded_free(d);
}

Test(decode, content_without_http_equiv_is_ignored)
{
    mn_decoded *d = DECODE(
        "<meta name=x content=\"text/html; charset=iso-8859-1\">\xC3\xA9",
        true);
    cr_assert_eq(mn_decoded_encoding_source(d), MN_ENC_FROM_UTF8);
    cr_assert_null(mn_decoded_declared(d));
    mn_decoded_free(d);
}

Test(decode, meta_in_comment_is_skipped)
{
    mn_decoded *d = DECODE("<!-- <meta charset=\"koi8-r\"> -->"
                           "<meta charset=\"windows-1252\">\x80",
                           true);
    cr_assert_str_eq(mn_decoded_declared(d), "windows-1252");
    cr_assert_str_eq(mn_decoded_text(d) + mn_decoded_len(d) - 3,
                     "\xE2\x82\xAC");
    mn_decoded_free(d);
}

Test(decode, meta_ignored_without_sniff_html)
{
    mn_decoded *d = DECODE("<meta charset=\"iso-8859-1\">caf\xC3\xA9", false);
    cr_assert_str_eq(mn_decoded_encoding(d), "utf-8");
    cr_assert_eq(mn_decoded_encoding_source(d), MN_ENC_FROM_UTF8);
    cr_assert_null(mn_decoded_declared(d));
    mn_decoded_free(d);
}

Test(decode, meta_beyond_4096_bytes_is_ignored)
{
    size_t n = 5000;
    char *buf = mn_xmalloc(n + 64);
    memset(buf, ' ', n);
    int k = snprintf(buf + n, 64, "<meta charset=\"iso-8859-1\">\xE9");
    mn_decoded *d = decode_ok((unsigned char *)buf, n + (size_t)k, true);
    cr_assert_eq(mn_decoded_encoding_source(d), MN_ENC_FROM_FALLBACK);
    cr_assert_null(mn_decoded_declared(d));
    mn_decoded_free(d);
    free(buf);
}

Test(decode, xml_declaration)
{
    mn_decoded *d = DECODE("<?xml version=\"1.0\" encoding='ISO-8859-1'?>\n"
                           "<p>\x93ok\x94</p>",
                           true);
    assert_text(d, "<?xml version=\"1.0\" encoding='ISO-8859-1'?>\n"
                   "<p>\xE2\x80\x9Cok\xE2\x80\x9D</p>");
    cr_assert_eq(mn_decoded_encoding_source(d), MN_ENC_FROM_XML_DECL);
    cr_assert_str_eq(mn_decoded_declared(d), "iso-8859-1");
    cr_assert_str_eq(mn_decoded_encoding(d), "windows-1252");
    mn_decoded_free(d);
}

Test(decode, declared_utf16_in_ascii_means_utf8)
{
    mn_decoded *d = DECODE("<meta charset=\"utf-16\">\xC3\xA9", true);
    cr_assert_str_eq(mn_decoded_encoding(d), "utf-8");
    cr_assert_eq(mn_decoded_encoding_source(d), MN_ENC_FROM_META);
    cr_assert_str_eq(mn_decoded_declared(d), "utf-16");
    mn_decoded_free(d);
}

Test(decode, plain_utf8_one_segment)
{
    mn_decoded *d = DECODE("Minutes \xE2\x80\x94 caf\xC3\xA9\nItem 2\n", true);
    assert_text(d, "Minutes \xE2\x80\x94 caf\xC3\xA9\nItem 2\n");
    cr_assert_str_eq(mn_decoded_encoding(d), "utf-8");
    cr_assert_eq(mn_decoded_encoding_source(d), MN_ENC_FROM_UTF8);
    cr_assert_eq(mn_decoded_map_segments(d), 1);
    cr_assert_eq(mn_decoded_replacements(d), 0);
    assert_pos(d, 12, 1, 11, 12); /* 'c': after "Minutes — " */
    assert_pos(d, 18, 2, 1, 18);  /* 'I' */
    mn_decoded_free(d);
}

Test(decode, big_utf8_one_segment)
{
    size_t n = 3u << 20;
    unsigned char *buf = mn_xmalloc(n);
    for (size_t i = 0; i < n; i++)
        buf[i] = (unsigned char)(i % 80 == 79 ? '\n' : 'a' + i % 26);
    mn_decoded *d = decode_ok(buf, n, true);
    cr_assert_eq(mn_decoded_len(d), n);
    cr_assert_eq(mn_decoded_map_segments(d), 1);
    unsigned line, col;
    hand_position(buf, n - 1, &line, &col);
    cr_assert_eq(col, 48);
    assert_pos(d, n - 1, line, col, n - 1);
    mn_decoded_free(d);
    free(buf);
}

Test(decode, fallback_cp1252)
{
    mn_decoded *d = DECODE("caf\xE9 \x80 \x85", true);
    assert_text(d, "caf\xC3\xA9 \xE2\x82\xAC \xE2\x80\xA6");
    cr_assert_str_eq(mn_decoded_encoding(d), "windows-1252");
    cr_assert_eq(mn_decoded_encoding_source(d), MN_ENC_FROM_FALLBACK);
    cr_assert_null(mn_decoded_declared(d));
    assert_pos(d, 5, 1, 5, 4);  /* the space after é */
    assert_pos(d, 6, 1, 6, 5);  /* € */
    assert_pos(d, 10, 1, 8, 7); /* … */
    mn_decoded_free(d);
}

Test(decode, cp1252_undefined_bytes_replaced)
{
    mn_decoded *d = DECODE("a\x81\x8D\x8F\x90\x9D"
                           "b\xE9",
                           false);
    cr_assert_eq(mn_decoded_replacements(d), 5);
    assert_text(d, "a\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD"
                   "\xEF\xBF\xBD"
                   "b\xC3\xA9");
    assert_pos(d, 16, 1, 7, 6); /* b */
    mn_decoded_free(d);
}

Test(decode, cp1252_positions_after_crlf)
{
    mn_decoded *d = DECODE("x\x93y\r\nz\x96w\xA0v", false);
    assert_text(d, "x\xE2\x80\x9Cy\nz\xE2\x80\x93w v");
    assert_pos(d, 4, 1, 3, 2);  /* y */
    assert_pos(d, 5, 1, 4, 3);  /* LF maps to the CR */
    assert_pos(d, 6, 2, 1, 5);  /* z */
    assert_pos(d, 10, 2, 3, 7); /* w */
    assert_pos(d, 11, 2, 4, 8); /* NBSP -> space */
    assert_pos(d, 12, 2, 5, 9); /* v */
    mn_decoded_free(d);
}

Test(decode, cp1252_segments_stay_compact)
{
    size_t n = 1u << 20;
    unsigned char *buf = mn_xmalloc(n);
    for (size_t i = 0; i < n; i++)
        buf[i] = (unsigned char)(i % 50 == 0 ? 0x93 : i % 70 == 0 ? '\n' : 'x');
    mn_decoded *d = decode_ok(buf, n, false);
    cr_assert_str_eq(mn_decoded_encoding(d), "windows-1252");
    cr_assert_leq(mn_decoded_map_segments(d), mn_decoded_len(d) / 256);
    unsigned line, col;
    hand_position(buf, n - 1, &line, &col);
    assert_pos(d, mn_decoded_len(d) - 1, line, col, n - 1);
    mn_decoded_free(d);
    free(buf);
}

Test(decode, generic_iconv_single_byte)
{
    mn_decoded *d = DECODE("<meta charset=\"ISO-8859-15\">\xA4 5", true);
    assert_text(d, "<meta charset=\"ISO-8859-15\">\xE2\x82\xAC 5");
    cr_assert_str_eq(mn_decoded_encoding(d), "iso-8859-15");
    cr_assert_str_eq(mn_decoded_declared(d), "iso-8859-15");
    cr_assert_eq(mn_decoded_encoding_source(d), MN_ENC_FROM_META);
    assert_pos(d, 32, 1, 31, 30); /* '5' */
    mn_decoded_free(d);
}

Test(decode, generic_iconv_multibyte)
{
    iconv_t cd = iconv_open("UTF-32LE", "shift_jis");
    if (cd == (iconv_t)-1)
        cr_skip_test("no shift_jis in this iconv");
    iconv_close(cd);
    /* "あい" = 82 A0 82 A2 in Shift_JIS, then 'x' */
    mn_decoded *d = DECODE("<meta charset=shift_jis>\n\x82\xA0\x82\xA2x", true);
    assert_text(d, "<meta charset=shift_jis>\n\xE3\x81\x82\xE3\x81\x84x");
    cr_assert_str_eq(mn_decoded_encoding(d), "shift_jis");
    assert_pos(d, 25, 2, 1, 25);
    assert_pos(d, 28, 2, 2, 27);
    assert_pos(d, 31, 2, 3, 29);
    mn_decoded_free(d);
}

Test(decode, unknown_label_falls_back)
{
    mn_decoded *d = DECODE("<meta charset=\"x-no-such\">caf\xE9", true);
    cr_assert_str_eq(mn_decoded_encoding(d), "windows-1252");
    cr_assert_eq(mn_decoded_encoding_source(d), MN_ENC_FROM_FALLBACK);
    cr_assert_str_eq(mn_decoded_declared(d), "x-no-such");
    mn_decoded_free(d);
    d = DECODE("<meta charset=\"x-no-such\">caf\xC3\xA9", true);
    cr_assert_str_eq(mn_decoded_encoding(d), "utf-8");
    cr_assert_eq(mn_decoded_encoding_source(d), MN_ENC_FROM_UTF8);
    mn_decoded_free(d);
}

/* ---- replacements and binary input -----------------------------------------
 */

Test(decode, invalid_utf8_declared_counted)
{
    mn_decoded *d = DECODE("<meta charset=utf-8>a\xFF"
                           "b\xC0\xAF"
                           "c\xED\xA0\x80"
                           "d",
                           true);
    cr_assert_str_eq(mn_decoded_encoding(d), "utf-8");
    cr_assert_eq(mn_decoded_encoding_source(d), MN_ENC_FROM_META);
    cr_assert_eq(mn_decoded_replacements(d), 6);
    assert_text(d, "<meta charset=utf-8>a\xEF\xBF\xBD"
                   "b\xEF\xBF\xBD\xEF\xBF\xBD"
                   "c\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD"
                   "d");
    assert_pos(d, 21, 1, 22, 21); /* first U+FFFD */
    assert_pos(d, 24, 1, 23, 22); /* b */
    mn_decoded_free(d);
}

Test(decode, invalid_utf8_after_bom_counted)
{
    mn_decoded *d = DECODE("\xEF\xBB\xBFok\xE2\x82", false);
    assert_text(d, "ok\xEF\xBF\xBD\xEF\xBF\xBD");
    cr_assert_eq(mn_decoded_replacements(d), 2);
    mn_decoded_free(d);
}

Test(decode, truncated_utf16)
{
    mn_decoded *d = DECODE("\xFF\xFE"
                           "A\0B",
                           false);
    assert_text(d, "A\xEF\xBF\xBD");
    cr_assert_eq(mn_decoded_replacements(d), 1);
    assert_pos(d, 1, 1, 2, 4);
    mn_decoded_free(d);
}

Test(decode, lone_surrogates)
{
    mn_decoded *d = DECODE("\xFF\xFE\x00\xD8"
                           "A\0\x00\xDC"
                           "B\0",
                           false);
    assert_text(d, "\xEF\xBF\xBD"
                   "A\xEF\xBF\xBD"
                   "B");
    cr_assert_eq(mn_decoded_replacements(d), 2);
    assert_pos(d, 7, 1, 4, 8); /* B */
    mn_decoded_free(d);
}

Test(decode, empty_input)
{
    mn_decoded *d = decode_ok((const unsigned char *)"", 0, true);
    assert_text(d, "");
    cr_assert_str_eq(mn_decoded_encoding(d), "utf-8");
    cr_assert_eq(mn_decoded_encoding_source(d), MN_ENC_FROM_UTF8);
    cr_assert_eq(mn_decoded_replacements(d), 0);
    assert_pos(d, 0, 1, 1, 0);
    mn_decoded_free(d);
    d = decode_ok(NULL, 0, false);
    assert_text(d, "");
    mn_decoded_free(d);
}

Test(decode, nul_byte_is_binary)
{
    mn_decoded *d = NULL;
    mn_error err = {0};
    mn_status st = mn_decode("f.txt", (const unsigned char *)"abc\0def", 7,
                             NULL, &d, &err);
    cr_assert_eq(st, MN_E_DECODE);
    cr_assert_null(d);
    cr_assert_eq(err.code, MN_E_DECODE);
    cr_assert_str_eq(err.file, "f.txt");
    cr_assert_str_eq(err.problem, "binary data: NUL byte at offset 3");
}

Test(decode, signatures_are_binary)
{
    static const struct {
        const char *bytes;
        size_t len;
        const char *problem;
    } cases[] = {
        {"\x89PNG\r\n\x1a\n\0\0", 10,
         "binary data (PNG image), not a text or HTML document"},
        {"\xFF\xD8\xFF\xE0", 4,
         "binary data (JPEG image), not a text or HTML document"},
        {"GIF89a..", 8, "binary data (GIF image), not a text or HTML document"},
        {"%PDF-1.4\n", 9,
         "binary data (PDF document), not a text or HTML document"},
        {"PK\x03\x04rest", 8,
         "binary data (ZIP archive or Office document), "
         "not a text or HTML document"},
        {"\x1F\x8B\x08", 3,
         "binary data (gzip data), not a text or HTML document"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        mn_decoded *d = NULL;
        mn_error err = {0};
        mn_status st = mn_decode("x", (const unsigned char *)cases[i].bytes,
                                 cases[i].len, NULL, &d, &err);
        cr_assert_eq(st, MN_E_DECODE, "case %zu", i);
        cr_assert_null(d);
        cr_assert_str_eq(err.problem, cases[i].problem);
    }
}

Test(decode, utf16_without_bom_sniffed)
{
    mn_decoded *d = DECODE("h\0i\0\r\0\n\0!\0", false);
    assert_text(d, "hi\n!");
    cr_assert_str_eq(mn_decoded_encoding(d), "utf-16le");
    cr_assert_eq(mn_decoded_encoding_source(d), MN_ENC_FROM_FALLBACK);
    assert_pos(d, 3, 2, 1, 8);
    mn_decoded_free(d);
    d = DECODE("\0h\0i", false);
    assert_text(d, "hi");
    cr_assert_str_eq(mn_decoded_encoding(d), "utf-16be");
    mn_decoded_free(d);
}

/* ---- normalisation and positions ------------------------------------------
 */

Test(decode, crlf_and_cr_become_lf)
{
    mn_decoded *d = DECODE("ab\r\ncd\ref\n\r\n", false);
    assert_text(d, "ab\ncd\nef\n\n");
    assert_pos(d, 0, 1, 1, 0);
    assert_pos(d, 2, 1, 3, 2);   /* LF from CRLF -> the CR */
    assert_pos(d, 3, 2, 1, 4);   /* c */
    assert_pos(d, 4, 2, 2, 5);   /* d */
    assert_pos(d, 5, 2, 3, 6);   /* LF from lone CR */
    assert_pos(d, 6, 3, 1, 7);   /* e */
    assert_pos(d, 7, 3, 2, 8);   /* f */
    assert_pos(d, 9, 4, 1, 10);  /* second CRLF */
    assert_pos(d, 10, 5, 1, 12); /* end of text */
    mn_decoded_free(d);
}

Test(decode, invisible_and_space_characters)
{
    /* a NBSP b SHY c ZWSP d LF ZWJ e U+3000 f U+2009 g */
    mn_decoded *d = DECODE("a\xC2\xA0"
                           "b\xC2\xAD"
                           "c\xE2\x80\x8B"
                           "d\n\xE2\x80\x8D"
                           "e\xE3\x80\x80"
                           "f\xE2\x80\x89"
                           "g\xEF\xBB\xBFh",
                           false);
    assert_text(d, "a bcd\ne f gh");
    cr_assert_eq(mn_decoded_replacements(d), 0);
    assert_pos(d, 1, 1, 2, 1);   /* NBSP -> space */
    assert_pos(d, 2, 1, 3, 3);   /* b */
    assert_pos(d, 3, 1, 5, 6);   /* c: soft hyphen still counts */
    assert_pos(d, 4, 1, 7, 10);  /* d: ZWSP still counts */
    assert_pos(d, 6, 2, 2, 15);  /* e: the ZWJ at line start counts */
    assert_pos(d, 7, 2, 3, 16);  /* ideographic space */
    assert_pos(d, 8, 2, 4, 19);  /* f */
    assert_pos(d, 9, 2, 5, 20);  /* thin space */
    assert_pos(d, 10, 2, 6, 23); /* g */
    assert_pos(d, 11, 2, 8, 27); /* h, after a BOM inside text */
    mn_decoded_free(d);
}

Test(decode, positions_after_utf16)
{
    /* UTF-16LE: "l1\r\nl2\n" then "é😀Q\r\n" -- Q is on line 3 */
    mn_decoded *d = DECODE("\xFF\xFE"
                           "l\0001\0\r\0\n\0"
                           "l\0002\0\n\0"
                           "\xE9\0\x3D\xD8\x00\xDE"
                           "Q\0\r\0\n\0",
                           false);
    assert_text(d, "l1\nl2\n\xC3\xA9\xF0\x9F\x98\x80Q\n");
    assert_pos(d, 2, 1, 3, 6);   /* LF from CRLF */
    assert_pos(d, 3, 2, 1, 10);  /* l */
    assert_pos(d, 6, 3, 1, 16);  /* é */
    assert_pos(d, 8, 3, 2, 18);  /* 😀 */
    assert_pos(d, 12, 3, 3, 22); /* Q */
    assert_pos(d, 13, 3, 4, 24); /* LF */
    assert_pos(d, 14, 4, 1, 28); /* end */
    mn_decoded_free(d);
}

Test(decode, utf16_invisible_characters)
{
    /* UTF-16BE: a, NBSP, SHY, b */
    mn_decoded *d = DECODE("\xFE\xFF\0a\0\xA0\0\xAD\0b", false);
    assert_text(d, "a b");
    assert_pos(d, 1, 1, 2, 4);
    assert_pos(d, 2, 1, 4, 8);
    mn_decoded_free(d);
}

Test(decode, long_line_columns)
{
    size_t m = 1u << 20; /* pairs: one line of 2 MB of "é" */
    size_t n = 2 * m + 2;
    unsigned char *buf = mn_xmalloc(n);
    buf[0] = '\n';
    for (size_t k = 0; k < m; k++) {
        buf[1 + 2 * k] = 0xC3;
        buf[2 + 2 * k] = 0xA9;
    }
    buf[n - 1] = 'z';
    mn_decoded *d = decode_ok(buf, n, false);
    assert_pos(d, n - 1, 2, (unsigned)(m + 1), n - 1);
    assert_pos(d, n - 3, 2, (unsigned)m, n - 3);
    assert_pos(d, 1, 2, 1, 1);
    mn_decoded_free(d);
    free(buf);
}

Test(decode, offsets_inside_characters_snap_back)
{
    mn_decoded *d = DECODE("x\xE2\x80\x94y", false);
    cr_assert_eq(mn_decoded_source_offset(d, 2), 1);
    cr_assert_eq(mn_decoded_source_offset(d, 99), 5);
    mn_decoded_free(d);
}

Test(decode, usage_errors)
{
    mn_decoded *d = NULL;
    mn_error err = {0};
    cr_assert_eq(mn_decode("x", NULL, 3, NULL, &d, &err), MN_E_USAGE);
    cr_assert_eq(
        mn_decode("x", (const unsigned char *)"a", 1, NULL, NULL, NULL),
        MN_E_USAGE);
    mn_decoded_free(NULL);
}

/* Every byte 0x80..0xFF alone agrees with glibc's CP1252 (undefined bytes
 * become U+FFFD), apart from the two that normalisation changes. */
Test(decode, cp1252_table_matches_iconv)
{
    iconv_t cd = iconv_open("UTF-8", "CP1252");
    if (cd == (iconv_t)-1)
        cr_skip_test("no CP1252 in this iconv");
    for (unsigned b = 0x80; b <= 0xFF; b++) {
        char in[1] = {(char)b}, want[8] = {0};
        char *ip = in, *op = want;
        size_t il = 1, ol = sizeof want - 1;
        bool defined = iconv(cd, &ip, &il, &op, &ol) != (size_t)-1;
        if (!defined)
            memcpy(want, "\xEF\xBF\xBD", 4);
        if (b == 0xA0)
            memcpy(want, " ", 2);
        if (b == 0xAD)
            want[0] = '\0';
        unsigned char bytes[1] = {(unsigned char)b};
        mn_decoded *d = decode_ok(bytes, 1, false);
        cr_assert_str_eq(mn_decoded_text(d), want, "byte %02x", b);
        cr_assert_eq(mn_decoded_replacements(d), defined ? 0u : 1u);
        mn_decoded_free(d);
    }
    iconv_close(cd);
}

/* ---- a model check: random documents, every character's position ----------
 */

/* One source character: its bytes, what the text gets, whether it ends a
 * line. A CRLF is one token. */
typedef struct token {
    const char *src;
    size_t srclen;
    const char *out;
    bool newline;
} token;

#define TOK(s, o, nl)                                                          \
    {                                                                          \
        s, sizeof(s) - 1, o, nl                                                \
    }

static const token UTF8_TOKENS[] = {
    TOK("a", "a", false),
    TOK("Z", "Z", false),
    TOK(" ", " ", false),
    TOK("\xC3\xA9", "\xC3\xA9", false),
    TOK("\xE2\x80\x94", "\xE2\x80\x94", false),
    TOK("\xF0\x9F\x98\x80", "\xF0\x9F\x98\x80", false),
    TOK("\xC2\xA0", " ", false),
    TOK("\xC2\xAD", "", false),
    TOK("\xE2\x80\x8B", "", false),
    TOK("\xFF", "\xEF\xBF\xBD", false),
    TOK("\r\n", "\n", true),
    TOK("\n", "\n", true),
    TOK("\r", "\n", true),
};

static const token CP1252_TOKENS[] = {
    TOK("a", "a", false),
    TOK("Z", "Z", false),
    TOK(" ", " ", false),
    TOK("\xE9", "\xC3\xA9", false),
    TOK("\x93", "\xE2\x80\x9C", false),
    TOK("\xA0", " ", false),
    TOK("\xAD", "", false),
    TOK("\x81", "\xEF\xBF\xBD", false),
    TOK("\r\n", "\n", true),
    TOK("\n", "\n", true),
    TOK("\r", "\n", true),
};

static const token UTF16_TOKENS[] = {
    TOK("a\0", "a", false),
    TOK(" \0", " ", false),
    TOK("\xE9\0", "\xC3\xA9", false),
    TOK("\x14\x20", "\xE2\x80\x94", false),
    TOK("\x3D\xD8\x00\xDE", "\xF0\x9F\x98\x80", false),
    TOK("\xA0\0", " ", false),
    TOK("\xAD\0", "", false),
    TOK("\x0B\x20", "", false),
    TOK("\x00\xDC", "\xEF\xBF\xBD", false),
    TOK("\r\0\n\0", "\n", true),
    TOK("\n\0", "\n", true),
    TOK("\r\0", "\n", true),
};

typedef struct expect {
    size_t out;
    unsigned line, col;
    size_t src;
} expect;

static bool
is_cr(const token *t)
{
    return t->newline && t->src[0] == '\r' && t->srclen <= 2 &&
           (t->srclen == 1 || t->src[1] == '\0');
}

static bool
is_lf(const token *t)
{
    return t->src[0] == '\n';
}

/* Build a document of n tokens after `prefix`; check every position. */
static void
model_check(const token *set, size_t nset, const char *enc, const char *prefix,
            size_t plen, size_t n, unsigned nl_every, unsigned seed)
{
    unsigned char *src = mn_xmalloc(plen + n * 4);
    expect *want = mn_xmalloc(n * sizeof *want);
    size_t nwant = 0, slen = plen, olen = plen == 1 ? 2 : 0; /* é */
    unsigned line = 1, r = seed;
    unsigned col = 1 + (unsigned)(plen == 1); /* a one-byte prefix is a char */
    memcpy(src, prefix, plen);
    const token *prev = NULL;
    for (size_t i = 0; i < n; i++) {
        r = r * 1103515245u + 12345u;
        unsigned pick = (r >> 16) % (nl_every * 2);
        const token *t = &set[pick % (nset - 3)];
        if (pick == 0)
            t = &set[nset - 3 + (r >> 8) % 3];
        if (prev && is_cr(prev) && is_lf(t))
            t = &set[0]; /* that would be a CRLF token */
        if (*t->out)
            want[nwant++] = (expect){olen, line, col, slen};
        memcpy(src + slen, t->src, t->srclen);
        slen += t->srclen;
        olen += strlen(t->out);
        line += t->newline;
        col = t->newline ? 1 : col + 1;
        prev = t;
    }
    mn_decoded *d = decode_ok(src, slen, false);
    cr_assert_str_eq(mn_decoded_encoding(d), enc);
    cr_assert_eq(mn_decoded_len(d), olen);
    for (size_t k = 0; k < nwant; k++)
        assert_pos(d, want[k].out, want[k].line, want[k].col, want[k].src);
    assert_pos(d, olen, line, col, slen);
    cr_assert_leq(mn_decoded_map_segments(d), 2 * nwant / 3 + 2);
    mn_decoded_free(d);
    free(want);
    free(src);
}

#define NTOK(a) (sizeof(a) / sizeof(a)[0])

Test(decode, model_utf8)
{
    model_check(UTF8_TOKENS, NTOK(UTF8_TOKENS), "utf-8", "\xEF\xBB\xBF", 3,
                20000, 40, 1);
    model_check(UTF8_TOKENS, NTOK(UTF8_TOKENS), "utf-8", "\xEF\xBB\xBF", 3,
                20000, 3000, 2);
}

Test(decode, model_cp1252)
{
    model_check(CP1252_TOKENS, NTOK(CP1252_TOKENS), "windows-1252", "\xE9", 1,
                20000, 40, 3);
    model_check(CP1252_TOKENS, NTOK(CP1252_TOKENS), "windows-1252", "", 0,
                20000, 3000, 4);
}

Test(decode, model_utf16le)
{
    model_check(UTF16_TOKENS, NTOK(UTF16_TOKENS), "utf-16le", "\xFF\xFE", 2,
                20000, 40, 5);
    model_check(UTF16_TOKENS, NTOK(UTF16_TOKENS), "utf-16le", "\xFF\xFE", 2,
                20000, 3000, 6);
}

/* Windows line ends everywhere: still one segment per encoding stretch. */
Test(decode, crlf_files_stay_compact)
{
    size_t lines = 10000;
    unsigned char *buf = mn_xmalloc(lines * 12);
    size_t n = 0;
    for (size_t i = 0; i < lines; i++) {
        memcpy(buf + n, "line text\r\n", 11);
        n += 11;
    }
    mn_decoded *d = decode_ok(buf, n, false);
    cr_assert_eq(mn_decoded_map_segments(d), 1);
    assert_pos(d, 10 * 5000 + 3, 5001, 4, 11 * 5000 + 3);
    mn_decoded_free(d);
    /* a lone LF after CRLF lines starts a new segment, positions stay exact */
    memcpy(buf + n, "x\ny", 3);
    d = decode_ok(buf, n + 3, false);
    cr_assert_eq(mn_decoded_map_segments(d), 2);
    assert_pos(d, 10 * lines + 2, (unsigned)lines + 2, 1, n + 2);
    mn_decoded_free(d);
    free(buf);
}
