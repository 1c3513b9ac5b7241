/*
 * UTF-8 primitives: strict decoding (no overlongs, no surrogates, nothing
 * above U+10FFFF), encoding, validation with an ASCII fast path, and the one
 * normalisation table that mn_decode and the HTML tokeniser share.
 */
#include "mn_utf8.h"

#include <string.h>

/* Every byte of an 8-byte word below 0x80. */
#define HIGH_BITS 0x8080808080808080ull

static bool
word_is_ascii(const unsigned char *s)
{
    uint64_t w;
    memcpy(&w, s, sizeof w);
    return (w & HIGH_BITS) == 0;
}

/* Second byte range allowed after lead byte b (Unicode table 3-7). */
static bool
second_byte_ok(unsigned char lead, unsigned char b)
{
    switch (lead) {
    case 0xE0:
        return b >= 0xA0 && b <= 0xBF; /* no overlongs */
    case 0xED:
        return b >= 0x80 && b <= 0x9F; /* no surrogates */
    case 0xF0:
        return b >= 0x90 && b <= 0xBF; /* no overlongs */
    case 0xF4:
        return b >= 0x80 && b <= 0x8F; /* <= U+10FFFF */
    default:
        return b >= 0x80 && b <= 0xBF;
    }
}

static size_t
sequence_length(unsigned char lead)
{
    if (lead < 0x80)
        return 1;
    if (lead < 0xC2) /* continuation byte or overlong 2-byte lead */
        return 0;
    if (lead < 0xE0)
        return 2;
    if (lead < 0xF0)
        return 3;
    if (lead < 0xF5)
        return 4;
    return 0;
}

size_t
mn_utf8_decode(const unsigned char *s, size_t n, uint32_t *cp, bool *valid)
{
    unsigned char lead = s[0];
    size_t len = sequence_length(lead);
    if (len == 1) {
        *cp = lead;
        *valid = true;
        return 1;
    }
    if (len == 0 || len > n || !second_byte_ok(lead, s[1]))
        goto invalid;
    uint32_t c = lead & (0x7Fu >> len);
    c = (c << 6) | (s[1] & 0x3Fu);
    for (size_t i = 2; i < len; i++) {
        if ((s[i] & 0xC0) != 0x80)
            goto invalid;
        c = (c << 6) | (s[i] & 0x3Fu);
    }
    *cp = c;
    *valid = true;
    return len;
invalid:
    *cp = MN_REPLACEMENT_CHAR;
    *valid = false;
    return 1;
}

/* Code points that cannot be encoded (surrogates, > U+10FFFF) become U+FFFD,
 * so the output is always well-formed. */
size_t
mn_utf8_encode(uint32_t cp, char *out)
{
    if (cp < 0x80) {
        out[0] = (char)cp;
        return 1;
    }
    if (cp < 0x800) {
        out[0] = (char)(0xC0 | (cp >> 6));
        out[1] = (char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if ((cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF)
        cp = MN_REPLACEMENT_CHAR;
    if (cp < 0x10000) {
        out[0] = (char)(0xE0 | (cp >> 12));
        out[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        out[2] = (char)(0x80 | (cp & 0x3F));
        return 3;
    }
    out[0] = (char)(0xF0 | (cp >> 18));
    out[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
    out[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
    out[3] = (char)(0x80 | (cp & 0x3F));
    return 4;
}

bool
mn_utf8_valid(const unsigned char *s, size_t n)
{
    size_t i = 0;
    while (i < n) {
        if (n - i >= 8 && word_is_ascii(s + i)) {
            i += 8;
            continue;
        }
        if (s[i] < 0x80) {
            i++;
            continue;
        }
        uint32_t cp;
        bool ok;
        i += mn_utf8_decode(s + i, n - i, &cp, &ok);
        if (!ok)
            return false;
    }
    return true;
}

size_t
mn_utf8_count(const char *s, size_t n)
{
    size_t count = 0;
    for (size_t i = 0; i < n; i++)
        count += ((unsigned char)s[i] & 0xC0) != 0x80;
    return count;
}

mn_norm_action
mn_utf8_norm_action(uint32_t cp)
{
    if (cp < 0xA0)
        return MN_NORM_KEEP;
    switch (cp) {
    case 0x00A0: /* no-break space */
    case 0x202F: /* narrow no-break space */
    case 0x205F: /* medium mathematical space */
    case 0x3000: /* ideographic space */
        return MN_NORM_SPACE;
    case 0x00AD: /* soft hyphen */
    case 0x200B: /* zero-width space */
    case 0x200C: /* zero-width non-joiner */
    case 0x200D: /* zero-width joiner */
    case 0x2060: /* word joiner */
    case 0xFEFF: /* BOM inside text: zero-width no-break space */
        return MN_NORM_DROP;
    default:
        break;
    }
    if (cp >= 0x2000 && cp <= 0x200A) /* en quad .. hair space */
        return MN_NORM_SPACE;
    return MN_NORM_KEEP;
}

/* Bytes copied verbatim: ASCII other than CR and NUL. */
static size_t
plain_run(const unsigned char *s, size_t n)
{
    size_t i = 0;
    while (i < n && s[i] < 0x80 && s[i] != '\r' && s[i] != '\0')
        i++;
    return i;
}

/*
 * Beyond mn_utf8_norm_action this also turns CRLF and lone CR into LF (the
 * decoded text never holds a CR) and NUL into U+FFFD (the text is a C
 * string). On MN_E_LIMIT the buffer is restored to its previous length.
 */
mn_status
mn_utf8_append_normalised(mn_buf *b, const char *s, size_t n)
{
    const unsigned char *u = (const unsigned char *)s;
    size_t before = b->len;
    mn_status st = MN_OK;
    size_t i = 0;
    while (i < n && st == MN_OK) {
        size_t run = plain_run(u + i, n - i);
        if (run > 0) {
            st = mn_buf_append(b, u + i, run);
            i += run;
            continue;
        }
        if (u[i] == '\r') {
            st = mn_buf_putc(b, '\n');
            i += (i + 1 < n && u[i + 1] == '\n') ? 2 : 1;
            continue;
        }
        uint32_t cp;
        bool ok;
        i += mn_utf8_decode(u + i, n - i, &cp, &ok);
        if (cp == 0)
            cp = MN_REPLACEMENT_CHAR;
        mn_norm_action act = mn_utf8_norm_action(cp);
        if (act == MN_NORM_DROP)
            continue;
        if (act == MN_NORM_SPACE)
            cp = ' ';
        char enc[4];
        st = mn_buf_append(b, enc, mn_utf8_encode(cp, enc));
    }
    if (st != MN_OK && b->data) {
        b->len = before;
        b->data[before] = '\0';
    }
    return st;
}
