/*
 * UTF-8 primitives (strict decoding, encoding, validation, normalisation) and
 * the SHA-256 fingerprint, both in common/.
 */
#include <criterion/criterion.h>
#include <string.h>

#include "mn_sha256.h"
#include "mn_utf8.h"

static void
assert_invalid(const char *bytes, size_t n)
{
    uint32_t cp = 0;
    bool ok = true;
    size_t used = mn_utf8_decode((const unsigned char *)bytes, n, &cp, &ok);
    cr_assert_not(ok, "accepted %02x..", (unsigned char)bytes[0]);
    cr_assert_eq(used, 1);
    cr_assert_eq(cp, MN_REPLACEMENT_CHAR);
    cr_assert_not(mn_utf8_valid((const unsigned char *)bytes, n));
}

Test(utf8, round_trips)
{
    static const uint32_t cps[] = {0x0,    0x41,   0x7F,    0x80,    0xE9,
                                   0x7FF,  0x800,  0x2013,  0xD7FF,  0xE000,
                                   0xFFFD, 0xFFFF, 0x10000, 0x1F600, 0x10FFFF};
    static const size_t lens[] = {1, 1, 1, 2, 2, 2, 3, 3, 3, 3, 3, 3, 4, 4, 4};
    for (size_t i = 0; i < sizeof cps / sizeof cps[0]; i++) {
        char buf[4];
        size_t n = mn_utf8_encode(cps[i], buf);
        cr_assert_eq(n, lens[i], "U+%04X", cps[i]);
        uint32_t back = 0;
        bool ok = false;
        size_t used = mn_utf8_decode((unsigned char *)buf, n, &back, &ok);
        cr_assert(ok);
        cr_assert_eq(used, n);
        cr_assert_eq(back, cps[i]);
        cr_assert(mn_utf8_valid((unsigned char *)buf, n));
    }
}

Test(utf8, known_encodings)
{
    char buf[4];
    cr_assert_eq(mn_utf8_encode(0x20AC, buf), 3);
    cr_assert_eq(memcmp(buf, "\xE2\x82\xAC", 3), 0);
    cr_assert_eq(mn_utf8_encode(0x1F600, buf), 4);
    cr_assert_eq(memcmp(buf, "\xF0\x9F\x98\x80", 4), 0);
}

Test(utf8, unencodable_become_replacement)
{
    char buf[4];
    cr_assert_eq(mn_utf8_encode(0xD800, buf), 3);
    cr_assert_eq(memcmp(buf, "\xEF\xBF\xBD", 3), 0);
    cr_assert_eq(mn_utf8_encode(0x110000, buf), 3);
    cr_assert_eq(memcmp(buf, "\xEF\xBF\xBD", 3), 0);
}

Test(utf8, overlongs_rejected)
{
    assert_invalid("\xC0\x80", 2);
    assert_invalid("\xC1\xBF", 2);
    assert_invalid("\xE0\x80\x80", 3);
    assert_invalid("\xE0\x9F\xBF", 3);
    assert_invalid("\xF0\x80\x80\x80", 4);
    assert_invalid("\xF0\x8F\xBF\xBF", 4);
}

Test(utf8, surrogates_and_out_of_range_rejected)
{
    assert_invalid("\xED\xA0\x80", 3);     /* U+D800 */
    assert_invalid("\xED\xBF\xBF", 3);     /* U+DFFF */
    assert_invalid("\xF4\x90\x80\x80", 4); /* U+110000 */
    assert_invalid("\xF5\x80\x80\x80", 4);
    assert_invalid("\xFF", 1);
    assert_invalid("\x80", 1);
    uint32_t cp;
    bool ok;
    cr_assert_eq(mn_utf8_decode((unsigned char *)"\xED\x9F\xBF", 3, &cp, &ok),
                 3);
    cr_assert(ok);
    cr_assert_eq(cp, 0xD7FF);
}

Test(utf8, truncated_rejected)
{
    assert_invalid("\xE2\x82", 2);
    assert_invalid("\xF0\x9F\x98", 3);
    assert_invalid("\xE2\x82Z", 3);
    assert_invalid("\xC3", 1);
}

Test(utf8, validate_and_count)
{
    const char *s = "plain ascii text, longer than eight bytes \xC3\xA9\xE2"
                    "\x80\x94\xF0\x9F\x98\x80!";
    size_t n = strlen(s);
    cr_assert(mn_utf8_valid((const unsigned char *)s, n));
    cr_assert_eq(mn_utf8_count(s, n), 42 + 4);
    cr_assert(mn_utf8_valid((const unsigned char *)"", 0));
    cr_assert_not(mn_utf8_valid((const unsigned char *)"0123456789\xC3", 11));
}

Test(utf8, norm_actions)
{
    cr_assert_eq(mn_utf8_norm_action('a'), MN_NORM_KEEP);
    cr_assert_eq(mn_utf8_norm_action(0x9F), MN_NORM_KEEP);
    cr_assert_eq(mn_utf8_norm_action(0xE9), MN_NORM_KEEP);
    static const uint32_t spaces[] = {0xA0,   0x2000, 0x2005, 0x200A,
                                      0x202F, 0x205F, 0x3000};
    for (size_t i = 0; i < sizeof spaces / sizeof spaces[0]; i++)
        cr_assert_eq(mn_utf8_norm_action(spaces[i]), MN_NORM_SPACE);
    static const uint32_t drops[] = {0xAD,   0x200B, 0x200C,
                                     0x200D, 0x2060, 0xFEFF};
    for (size_t i = 0; i < sizeof drops / sizeof drops[0]; i++)
        cr_assert_eq(mn_utf8_norm_action(drops[i]), MN_NORM_DROP);
    cr_assert_eq(mn_utf8_norm_action(0x200E), MN_NORM_KEEP);
    cr_assert_eq(mn_utf8_norm_action(0x2010), MN_NORM_KEEP);
}

Test(utf8, append_normalised)
{
    mn_buf b;
    mn_buf_init(&b, 0);
    const char in[] = "a\xC2\xA0"
                      "b\xC2\xAD"
                      "c\xE2\x80\x8B"
                      "d\r\ne\rf\xFF"
                      "g";
    cr_assert_eq(mn_utf8_append_normalised(&b, in, sizeof in - 1), MN_OK);
    cr_assert_str_eq(mn_buf_str(&b), "a bcd\ne\nf\xEF\xBF\xBDg");
    mn_buf_free(&b);
}

Test(utf8, append_normalised_respects_cap)
{
    mn_buf b;
    mn_buf_init(&b, 6);
    cr_assert_eq(mn_utf8_append_normalised(&b, "abc", 3), MN_OK);
    cr_assert_eq(mn_utf8_append_normalised(&b, "de\xC3\xA9", 4), MN_E_LIMIT);
    cr_assert_str_eq(mn_buf_str(&b), "abc");
    cr_assert_eq(b.len, 3);
    mn_buf_free(&b);
}

Test(sha256, known_vectors)
{
    char hex[65];
    mn_sha256_hex("", 0, hex);
    cr_assert_str_eq(hex, "e3b0c44298fc1c149afbf4c8996fb924"
                          "27ae41e4649b934ca495991b7852b855");
    mn_sha256_hex("abc", 3, hex);
    cr_assert_str_eq(hex, "ba7816bf8f01cfea414140de5dae2223"
                          "b00361a396177a9cb410ff61f20015ad");
    const char *two =
        "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
    mn_sha256_hex(two, strlen(two), hex);
    cr_assert_str_eq(hex, "248d6a61d20638b8e5c026930c3e6039"
                          "a33ce45964ff2167f6ecedd419db06c1");
}

Test(sha256, incremental_million_a)
{
    char chunk[1000];
    memset(chunk, 'a', sizeof chunk);
    mn_sha256 c;
    mn_sha256_init(&c);
    for (int i = 0; i < 1000; i++)
        mn_sha256_update(&c, chunk, sizeof chunk);
    char hex[65];
    mn_sha256_final_hex(&c, hex);
    cr_assert_str_eq(hex, "cdc76e5c9914fb9281a1c7e284d73e67"
                          "f1809a48a497200e046d39ccc7112cd0");
}

Test(sha256, odd_chunking_matches_one_shot)
{
    unsigned char data[300];
    for (size_t i = 0; i < sizeof data; i++)
        data[i] = (unsigned char)(i * 7 + 3);
    char want[65], got[65];
    mn_sha256_hex(data, sizeof data, want);
    mn_sha256 c;
    mn_sha256_init(&c);
    size_t at = 0, step = 1;
    while (at < sizeof data) {
        size_t n = sizeof data - at < step ? sizeof data - at : step;
        mn_sha256_update(&c, data + at, n);
        at += n;
        step = step * 3 % 71 + 1;
    }
    mn_sha256_final_hex(&c, got);
    cr_assert_str_eq(got, want);
}
