/*
 * Decoding: choose the encoding (BOM, declaration, UTF-8 validity, else
 * windows-1252), convert to normalised UTF-8 in a single pass, and record a
 * compact segment map back to original byte offsets plus a line index. The
 * UTF-8 path is a validating copy in bulk runs; iconv is used only for
 * declared encodings we do not decode ourselves, one character at a time.
 */
#include "mn_decode.h"

#include <errno.h>
#include <iconv.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mn_alloc.h"
#include "mn_limits.h"
#include "mn_utf8.h"

/* Declarations are looked for only in the first SNIFF_BYTES; BOM-less
 * UTF-16 is recognised from the first UTF16_SNIFF. CP segments stop at
 * CP_SEG_MAX text bytes and code points are checkpointed every COUNT_STEP,
 * which bounds the scan of any position lookup. */
#define SNIFF_BYTES    4096
#define UTF16_SNIFF    512
#define CP_SEG_MAX     ((size_t)1024)
#define COUNT_STEP     ((size_t)1024)
#define LABEL_MAX      64 /* longest encoding label kept */
#define ICONV_CHAR_MAX 16 /* longest byte sequence iconv may need per char */
#define UNDEFINED      0xFFFFFFFFu

#define ONES      0x0101010101010101ull
#define HIGH_BITS 0x8080808080808080ull

/*
 * One stretch of the text with one rule from text offset to source offset:
 * LIN1 in = in0 + k, LIN2 in = in0 + 2k (k bytes past out0), POINT in = in0
 * (one character), CP in = in0 + the source width of every character before
 * (1 byte for single-byte encodings, 2 or 4 for UTF-16). In a `crlf`
 * segment every LF of the text stood for a CRLF, so each one before the
 * offset adds one more source unit: a Windows file stays one segment.
 */
typedef enum { SEG_LIN1, SEG_LIN2, SEG_POINT, SEG_CP } seg_kind;

typedef struct seg {
    size_t out;
    size_t in;
    seg_kind kind;
    bool crlf;
} seg;

/* What the text being mapped holds in the way of line ends. */
typedef enum {
    NL_NONE,  /* no LF */
    NL_MAYBE, /* a verbatim run: any LF in it is an LF of the source */
    NL_PLAIN, /* one LF from a source LF or lone CR */
    NL_CRLF   /* one LF from a source CRLF */
} nl_kind;

typedef enum { WIDTH_NONE, WIDTH_BYTE, WIDTH_UTF16 } cp_width;

typedef enum {
    ENC_NONE,
    ENC_UTF8,
    ENC_UTF16LE,
    ENC_UTF16BE,
    ENC_CP1252,
    ENC_ICONV
} enc_kind;

struct mn_decoded {
    char *text;
    size_t len;
    size_t in_len;
    char encoding[LABEL_MAX];
    char declared[LABEL_MAX]; /* "" when nothing was declared */
    mn_enc_source source;
    size_t replacements;
    cp_width width;
    seg *segs; /* sorted by out, strictly increasing */
    size_t nsegs;
    size_t *drops; /* text offsets where a character was removed, sorted */
    size_t ndrops;
    size_t *lines; /* text offsets of line starts; lines[0] == 0 */
    size_t nlines;
    size_t *counts; /* counts[k]: code points in text[0, k * COUNT_STEP) */
};

/* Working state of one conversion. */
typedef struct dec {
    char *out;
    size_t len, cap;
    seg *segs;
    size_t nsegs, segcap;
    size_t next_out, next_in; /* where the last segment would continue */
    size_t *drops;
    size_t ndrops, dropcap;
    size_t replacements;
    bool after_cr;
} dec;

/* windows-1252 0x80..0x9F; the five undefined bytes become U+FFFD (counted)
 * rather than C1 controls, which no minutes document means. */
static const uint32_t CP1252_HIGH[] = {
    0x20AC,    UNDEFINED, 0x201A, 0x0192, 0x201E, 0x2026,    0x2020, 0x2021,
    0x02C6,    0x2030,    0x0160, 0x2039, 0x0152, UNDEFINED, 0x017D, UNDEFINED,
    UNDEFINED, 0x2018,    0x2019, 0x201C, 0x201D, 0x2022,    0x2013, 0x2014,
    0x02DC,    0x2122,    0x0161, 0x203A, 0x0153, UNDEFINED, 0x017E, 0x0178};
_Static_assert(sizeof CP1252_HIGH / sizeof CP1252_HIGH[0] == 32,
               "one entry per byte 0x80..0x9F");

/* ---- output and map ---------------------------------------------------- */

static void
reserve(dec *d, size_t extra)
{
    if (d->cap - d->len > extra)
        return;
    d->out = mn_xgrow(d->out, &d->cap, d->len + extra + 1, 1);
}

static void
reset(dec *d)
{
    d->len = 0;
    d->nsegs = 0;
    d->next_out = d->next_in = 0;
    d->ndrops = 0;
    d->replacements = 0;
    d->after_cr = false;
}

static bool
can_extend(const seg *last, size_t out, size_t olen, unsigned scale,
           bool standard)
{
    switch (last->kind) {
    case SEG_LIN1:
        return scale == 1;
    case SEG_LIN2:
        return scale == 2;
    case SEG_CP:
        return standard && out + olen - last->out <= CP_SEG_MAX;
    case SEG_POINT:
        break;
    }
    return false;
}

/*
 * Can `last` take text [out, out+olen) as far as line ends go? A segment
 * turns crlf at its first CRLF if it holds no LF yet; each text byte is
 * searched for LF at most once over the whole conversion.
 */
static bool
nl_fits(const dec *d, seg *last, size_t out, size_t olen, nl_kind nl)
{
    switch (nl) {
    case NL_NONE:
        return true;
    case NL_PLAIN:
        return !last->crlf;
    case NL_MAYBE:
        return !last->crlf || !memchr(d->out + out, '\n', olen);
    case NL_CRLF:
        if (!last->crlf && memchr(d->out + last->out, '\n', out - last->out))
            return false;
        last->crlf = true;
        return true;
    }
    return false;
}

/*
 * Record that text [out, out+olen), already written, came from source
 * [in, in+ilen). `scale` is 1 or 2 when every text byte stands for exactly
 * that many source bytes (an ASCII run, verbatim UTF-8, a line end), else 0;
 * `standard` says the characters have the encoding's usual source width, so
 * a CP segment can absorb them.
 */
static void
map_span(dec *d, size_t out, size_t in, size_t olen, size_t ilen,
         unsigned scale, bool standard, nl_kind nl)
{
    bool contiguous = d->nsegs > 0 && out == d->next_out && in == d->next_in;
    d->next_out = out + olen;
    d->next_in = in + ilen;
    seg *last = d->nsegs > 0 ? &d->segs[d->nsegs - 1] : NULL;
    if (contiguous && can_extend(last, out, olen, scale, standard) &&
        nl_fits(d, last, out, olen, nl))
        return;
    seg_kind kind = SEG_POINT;
    if (scale == 1)
        kind = SEG_LIN1;
    else if (scale == 2)
        kind = SEG_LIN2;
    else if (standard)
        kind = SEG_CP;
    d->segs = mn_xgrow(d->segs, &d->segcap, d->nsegs + 1, sizeof *d->segs);
    d->segs[d->nsegs++] = (seg){out, in, kind, nl == NL_CRLF};
}

static void
add_drop(dec *d)
{
    d->drops = mn_xgrow(d->drops, &d->dropcap, d->ndrops + 1, sizeof(size_t));
    d->drops[d->ndrops++] = d->len;
}

/* Append source bytes s[from, to) verbatim (ASCII, or valid UTF-8). */
static void
copy_span(dec *d, const unsigned char *s, size_t from, size_t to, bool standard)
{
    if (to <= from)
        return;
    size_t n = to - from;
    reserve(d, n);
    memcpy(d->out + d->len, s + from, n);
    map_span(d, d->len, from, n, n, 1, standard, NL_MAYBE);
    d->len += n;
}

static void
put_cp(dec *d, uint32_t cp, size_t in, size_t ilen, bool standard)
{
    reserve(d, 4);
    size_t olen = mn_utf8_encode(cp, d->out + d->len);
    unsigned scale = (cp < 0x80 && ilen <= 2) ? (unsigned)ilen : 0;
    map_span(d, d->len, in, olen, ilen, scale, standard,
             cp == '\n' ? NL_PLAIN : NL_NONE);
    d->len += olen;
}

/* A line end from a CRLF pair of `ilen` source bytes (one unit is `scale`). */
static void
put_crlf(dec *d, size_t in, size_t ilen, unsigned scale, bool standard)
{
    reserve(d, 1);
    d->out[d->len] = '\n';
    map_span(d, d->len, in, 1, ilen, scale, standard, NL_CRLF);
    d->len++;
}

/* One decoded character with the normalisation applied: CRLF/CR -> LF, NUL
 * -> U+FFFD, Unicode spaces -> ' ', invisible characters dropped. */
static void
emit_cp(dec *d, uint32_t cp, size_t in, size_t ilen, bool standard)
{
    bool was_cr = d->after_cr;
    d->after_cr = cp == '\r';
    if (cp == '\n' && was_cr)
        return; /* the LF of a CRLF: the CR already gave the line end */
    if (cp == '\r') {
        cp = '\n';
    } else if (cp == 0) {
        cp = MN_REPLACEMENT_CHAR;
        d->replacements++;
    } else if (cp >= 0xA0) {
        mn_norm_action act = mn_utf8_norm_action(cp);
        if (act == MN_NORM_DROP) {
            add_drop(d);
            return;
        }
        if (act == MN_NORM_SPACE)
            cp = ' ';
    }
    put_cp(d, cp, in, ilen, standard);
}

/* Index of the first byte at or after i that is not ASCII or is a CR. */
static size_t
skip_plain(const unsigned char *s, size_t i, size_t n)
{
    while (n - i >= 8) {
        uint64_t w;
        memcpy(&w, s + i, sizeof w);
        uint64_t cr = w ^ (ONES * '\r');
        if (((w | ((cr - ONES) & ~cr)) & HIGH_BITS) != 0)
            break;
        i += 8;
    }
    while (i < n && s[i] < 0x80 && s[i] != '\r')
        i++;
    return i;
}

/* CR at s[i]: emit LF; returns the index after the CR or CRLF. */
static size_t
line_end(dec *d, const unsigned char *s, size_t i, size_t n, bool standard)
{
    if (i + 1 < n && s[i + 1] == '\n') {
        put_crlf(d, i, 2, 1, standard);
        return i + 2;
    }
    put_cp(d, '\n', i, 1, standard);
    return i + 1;
}

/* ---- the decoders -------------------------------------------------------- */

/*
 * UTF-8: valid characters that normalisation keeps stay in one pending run
 * that is copied in bulk. With `strict`, the first invalid sequence aborts
 * (returns false) so the caller can fall back to windows-1252.
 */
static bool
decode_utf8(dec *d, const unsigned char *s, size_t n, size_t start, bool strict)
{
    size_t run = start;
    size_t i = start;
    while (i < n) {
        i = skip_plain(s, i, n);
        if (i >= n)
            break;
        if (s[i] == '\r') {
            copy_span(d, s, run, i, false);
            i = run = line_end(d, s, i, n, false);
            continue;
        }
        uint32_t cp;
        bool ok;
        size_t len = mn_utf8_decode(s + i, n - i, &cp, &ok);
        if (ok && mn_utf8_norm_action(cp) == MN_NORM_KEEP) {
            i += len;
            continue;
        }
        if (!ok && strict)
            return false;
        copy_span(d, s, run, i, false);
        if (!ok) {
            d->replacements++;
            put_cp(d, MN_REPLACEMENT_CHAR, i, 1, false);
        } else if (mn_utf8_norm_action(cp) == MN_NORM_DROP) {
            add_drop(d);
        } else {
            put_cp(d, ' ', i, len, false);
        }
        i = run = i + len;
    }
    copy_span(d, s, run, n, false);
    return true;
}

/* A single-byte encoding through a 256-entry table; `ascii` says bytes below
 * 0x80 map to themselves, which allows bulk copies. */
static void
decode_single(dec *d, const unsigned char *s, size_t n,
              const uint32_t table[256], bool ascii)
{
    size_t i = 0;
    while (i < n) {
        if (ascii) {
            size_t j = skip_plain(s, i, n);
            if (j > i) {
                copy_span(d, s, i, j, true);
                i = j;
                continue;
            }
            if (s[i] == '\r') {
                i = line_end(d, s, i, n, true);
                continue;
            }
        }
        uint32_t cp = table[s[i]];
        if (cp == UNDEFINED) {
            cp = MN_REPLACEMENT_CHAR;
            d->replacements++;
        }
        emit_cp(d, cp, i, 1, true);
        i++;
    }
}

static void
cp1252_table(uint32_t table[256])
{
    for (uint32_t b = 0; b < 256; b++)
        table[b] = (b >= 0x80 && b < 0xA0) ? CP1252_HIGH[b - 0x80] : b;
}

static uint32_t
utf16_unit(const unsigned char *p, bool big)
{
    return big ? ((uint32_t)p[0] << 8 | p[1]) : ((uint32_t)p[1] << 8 | p[0]);
}

/* UTF-16: lone surrogates and an odd final byte become U+FFFD (counted). */
static void
decode_utf16(dec *d, const unsigned char *s, size_t n, size_t start, bool big)
{
    size_t i = start;
    while (n - i >= 2) {
        uint32_t u = utf16_unit(s + i, big);
        if (u == '\r' && n - i >= 4 && utf16_unit(s + i + 2, big) == '\n') {
            put_crlf(d, i, 4, 2, true);
            d->after_cr = false;
            i += 4;
            continue;
        }
        if (u < 0xD800 || u > 0xDFFF) {
            emit_cp(d, u, i, 2, true);
            i += 2;
            continue;
        }
        if (u < 0xDC00 && n - i >= 4) {
            uint32_t lo = utf16_unit(s + i + 2, big);
            if (lo >= 0xDC00 && lo <= 0xDFFF) {
                uint32_t cp = 0x10000 + ((u - 0xD800) << 10) + (lo - 0xDC00);
                emit_cp(d, cp, i, 4, true);
                i += 4;
                continue;
            }
        }
        d->replacements++;
        emit_cp(d, MN_REPLACEMENT_CHAR, i, 2, true);
        i += 2;
    }
    if (i < n) {
        d->replacements++;
        emit_cp(d, MN_REPLACEMENT_CHAR, i, 1, false);
    }
}

static uint32_t
le32(const unsigned char *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
           (uint32_t)p[3] << 24;
}

/* Convert in[0, inlen) with iconv into UTF-32LE; returns code points made
 * and sets *used to the bytes consumed (errno kept on failure). */
static size_t
iconv_step(iconv_t cd, const unsigned char *in, size_t inlen, size_t *used,
           unsigned char *obuf, size_t osize, bool *failed)
{
    char tmp[ICONV_CHAR_MAX];
    memcpy(tmp, in, inlen);
    char *ip = tmp;
    size_t ileft = inlen;
    char *op = (char *)obuf;
    size_t oleft = osize;
    *failed = iconv(cd, &ip, &ileft, &op, &oleft) == (size_t)-1;
    *used = inlen - ileft;
    return (osize - oleft) / 4;
}

/*
 * A stateless encoding where every byte is one character (or invalid) is
 * decoded through a table, as fast and exact as windows-1252.
 */
static bool
probe_single_byte(iconv_t cd, uint32_t table[256], bool *ascii)
{
    *ascii = true;
    for (unsigned b = 0; b < 256; b++) {
        unsigned char in = (unsigned char)b;
        unsigned char obuf[16];
        size_t used;
        bool failed;
        iconv(cd, NULL, NULL, NULL, NULL);
        size_t made = iconv_step(cd, &in, 1, &used, obuf, sizeof obuf, &failed);
        if (failed && errno == EILSEQ) {
            table[b] = UNDEFINED;
            *ascii = *ascii && b >= 0x80;
            continue;
        }
        if (failed || used != 1 || made != 1)
            return false;
        table[b] = le32(obuf);
        *ascii = *ascii && (b >= 0x80 || table[b] == b);
    }
    iconv(cd, NULL, NULL, NULL, NULL);
    return true;
}

/*
 * Multi-byte or stateful encodings: feed iconv one more byte at a time until
 * a character comes out, so every character's source bytes are known.
 */
static void
decode_multibyte(dec *d, iconv_t cd, const unsigned char *s, size_t n)
{
    unsigned char obuf[64];
    size_t i = 0;
    while (i < n) {
        size_t made = 0;
        size_t used = 0;
        size_t avail = n - i < ICONV_CHAR_MAX ? n - i : ICONV_CHAR_MAX;
        for (size_t k = 1; k <= avail; k++) {
            bool failed;
            made = iconv_step(cd, s + i, k, &used, obuf, sizeof obuf, &failed);
            if (used > 0 || made > 0 || !failed || errno != EINVAL)
                break;
        }
        if (used == 0) {
            d->replacements++;
            emit_cp(d, MN_REPLACEMENT_CHAR, i, 1, false);
            i++;
            continue;
        }
        for (size_t j = 0; j < made; j++)
            emit_cp(d, le32(obuf + 4 * j), i, j == 0 ? used : 0, false);
        i += used;
    }
    char *op = (char *)obuf;
    size_t oleft = sizeof obuf;
    iconv(cd, NULL, NULL, &op, &oleft); /* flush a held-back character */
    for (size_t j = 0; j < (sizeof obuf - oleft) / 4; j++)
        emit_cp(d, le32(obuf + 4 * j), n, 0, false);
}

/* False when iconv does not know `label`. */
static bool
decode_iconv(dec *d, const char *label, const unsigned char *s, size_t n,
             cp_width *width)
{
    iconv_t cd = iconv_open("UTF-32LE", label);
    if (cd == (iconv_t)-1)
        return false;
    uint32_t *table = mn_xmalloc(256 * sizeof *table);
    bool ascii;
    if (probe_single_byte(cd, table, &ascii)) {
        *width = WIDTH_BYTE;
        decode_single(d, s, n, table, ascii);
    } else {
        *width = WIDTH_NONE;
        decode_multibyte(d, cd, s, n);
    }
    free(table);
    iconv_close(cd);
    return true;
}

/* ---- sniffing -------------------------------------------------------------
 */

typedef struct signature {
    const char *magic;
    size_t len;
    const char *what;
} signature;

static const signature SIGNATURES[] = {
    {"\x89PNG\r\n\x1a\n", 8, "PNG image"},
    {"\xFF\xD8\xFF", 3, "JPEG image"},
    {"GIF87a", 6, "GIF image"},
    {"GIF89a", 6, "GIF image"},
    {"%PDF-", 5, "PDF document"},
    {"PK\x03\x04", 4, "ZIP archive or Office document"},
    {"PK\x05\x06", 4, "ZIP archive"},
    {"\x1F\x8B", 2, "gzip data"},
    {"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8, "legacy Office document"},
    {"\x7F"
     "ELF",
     4, "ELF executable"},
};

static const char *
binary_signature(const unsigned char *b, size_t n)
{
    for (size_t i = 0; i < sizeof SIGNATURES / sizeof SIGNATURES[0]; i++) {
        const signature *sig = &SIGNATURES[i];
        if (n >= sig->len && memcmp(b, sig->magic, sig->len) == 0)
            return sig->what;
    }
    return NULL;
}

static enc_kind
bom_kind(const unsigned char *b, size_t n, size_t *skip)
{
    if (n >= 3 && b[0] == 0xEF && b[1] == 0xBB && b[2] == 0xBF) {
        *skip = 3;
        return ENC_UTF8;
    }
    if (n >= 2 && b[0] == 0xFF && b[1] == 0xFE) {
        *skip = 2;
        return ENC_UTF16LE;
    }
    if (n >= 2 && b[0] == 0xFE && b[1] == 0xFF) {
        *skip = 2;
        return ENC_UTF16BE;
    }
    return ENC_NONE;
}

/* The obvious BOM-less UTF-16: ASCII text with every other byte NUL. */
static enc_kind
utf16_without_bom(const unsigned char *b, size_t n)
{
    size_t m = (n < UTF16_SNIFF ? n : UTF16_SNIFF) & ~(size_t)1;
    if (m < 4)
        return ENC_NONE;
    bool le = true;
    bool be = true;
    for (size_t i = 0; i < m && (le || be); i += 2) {
        le = le && b[i + 1] == 0 && b[i] != 0 && b[i] < 0x80;
        be = be && b[i] == 0 && b[i + 1] != 0 && b[i + 1] < 0x80;
    }
    return le ? ENC_UTF16LE : be ? ENC_UTF16BE : ENC_NONE;
}

static bool
is_space(unsigned char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

static unsigned char
lower(unsigned char c)
{
    return (c >= 'A' && c <= 'Z') ? (unsigned char)(c | 0x20) : c;
}

/* Does [p, end) start with `lit` (lower case), ignoring ASCII case? */
static bool
ci_prefix(const unsigned char *p, const unsigned char *end, const char *lit)
{
    size_t n = strlen(lit);
    if ((size_t)(end - p) < n)
        return false;
    for (size_t i = 0; i < n; i++)
        if (lower(p[i]) != (unsigned char)lit[i])
            return false;
    return true;
}

static const unsigned char *
ci_find(const unsigned char *p, const unsigned char *end, const char *lit)
{
    for (; p < end; p++)
        if (ci_prefix(p, end, lit))
            return p;
    return NULL;
}

static const unsigned char *
skip_spaces(const unsigned char *p, const unsigned char *end)
{
    while (p < end && is_space(*p))
        p++;
    return p;
}

/* A label is kept only if it looks like one: [A-Za-z0-9._:+()-], lower-cased
 * into label. */
static bool
copy_label(const unsigned char *p, size_t n, char label[LABEL_MAX])
{
    while (n > 0 && is_space(*p)) {
        p++;
        n--;
    }
    while (n > 0 && is_space(p[n - 1]))
        n--;
    if (n == 0 || n >= LABEL_MAX)
        return false;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = lower(p[i]);
        bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                  (c != '\0' && strchr("._:+()-", c) != NULL);
        if (!ok)
            return false;
    }
    for (size_t i = 0; i < n; i++)
        label[i] = (char)lower(p[i]);
    label[n] = '\0';
    return true;
}

/* A value after '=': quoted (either quote) or bare up to a space or one of
 * `stops`. Advances *pp past it. */
static void
value_span(const unsigned char **pp, const unsigned char *end,
           const char *stops, const unsigned char **v, size_t *vlen)
{
    const unsigned char *p = *pp;
    if (p < end && (*p == '"' || *p == '\'')) {
        unsigned char q = *p++;
        const unsigned char *close = memchr(p, q, (size_t)(end - p));
        const unsigned char *stop = close ? close : end;
        *v = p;
        *vlen = (size_t)(stop - p);
        *pp = close ? close + 1 : end;
        return;
    }
    *v = p;
    while (p < end && !is_space(*p) && strchr(stops, *p) == NULL)
        p++;
    *vlen = (size_t)(p - *v);
    *pp = p;
}

/* `name = value` starting at p (just after `name`): the label in value. */
static bool
assigned_label(const unsigned char *p, const unsigned char *end,
               const char *stops, char label[LABEL_MAX])
{
    p = skip_spaces(p, end);
    if (p >= end || *p != '=')
        return false;
    p = skip_spaces(p + 1, end);
    const unsigned char *v;
    size_t vlen;
    value_span(&p, end, stops, &v, &vlen);
    return copy_label(v, vlen, label);
}

static bool
xml_decl_label(const unsigned char *p, const unsigned char *end,
               char label[LABEL_MAX])
{
    p = skip_spaces(p, end);
    if (!ci_prefix(p, end, "<?xml"))
        return false;
    const unsigned char *close = ci_find(p, end, "?>");
    if (!close)
        close = end;
    const unsigned char *enc = ci_find(p + 5, close, "encoding");
    return enc && assigned_label(enc + 8, close, "?>", label);
}

typedef struct meta_attrs {
    const unsigned char *charset, *content;
    size_t charset_len, content_len;
    bool pragma; /* http-equiv="content-type" */
} meta_attrs;

static void
note_attr(meta_attrs *m, const unsigned char *name, size_t nlen,
          const unsigned char *v, size_t vlen)
{
    const unsigned char *nend = name + nlen;
    if (nlen == 7 && ci_prefix(name, nend, "charset") && !m->charset) {
        m->charset = v;
        m->charset_len = vlen;
    } else if (nlen == 7 && ci_prefix(name, nend, "content") && !m->content) {
        m->content = v;
        m->content_len = vlen;
    } else if (nlen == 10 && ci_prefix(name, nend, "http-equiv")) {
        m->pragma = vlen == 12 && ci_prefix(v, v + vlen, "content-type");
    }
}

/* Parse the attributes of a <meta tag starting at *pp; *pp ends after it. */
static void
meta_attributes(const unsigned char **pp, const unsigned char *end,
                meta_attrs *m)
{
    const unsigned char *p = *pp + 5; /* past "<meta" */
    while (p < end) {
        while (p < end && (is_space(*p) || *p == '/'))
            p++;
        if (p >= end || *p == '>')
            break;
        const unsigned char *name = p;
        while (p < end && !is_space(*p) && *p != '=' && *p != '>' && *p != '/')
            p++;
        size_t nlen = (size_t)(p - name);
        p = skip_spaces(p, end);
        const unsigned char *v = p;
        size_t vlen = 0;
        if (p < end && *p == '=') {
            p = skip_spaces(p + 1, end);
            value_span(&p, end, ">", &v, &vlen);
        }
        note_attr(m, name, nlen, v, vlen);
    }
    *pp = p < end ? p + 1 : end;
}

static bool
meta_tag_label(const unsigned char **pp, const unsigned char *end,
               char label[LABEL_MAX])
{
    meta_attrs m = {0};
    meta_attributes(pp, end, &m);
    if (m.charset)
        return copy_label(m.charset, m.charset_len, label);
    if (!m.pragma || !m.content)
        return false;
    const unsigned char *cend = m.content + m.content_len;
    const unsigned char *cs = ci_find(m.content, cend, "charset");
    return cs && assigned_label(cs + 7, cend, ";", label);
}

/* The HTML prescan: the first <meta> that names a charset, comments
 * skipped. */
static bool
meta_label(const unsigned char *p, const unsigned char *end,
           char label[LABEL_MAX])
{
    while (p < end) {
        p = memchr(p, '<', (size_t)(end - p));
        if (!p)
            return false;
        if (ci_prefix(p, end, "<!--")) {
            const unsigned char *close = ci_find(p + 4, end, "-->");
            if (!close)
                return false;
            p = close + 3;
        } else if (ci_prefix(p, end, "<meta") && p + 5 < end &&
                   (is_space(p[5]) || p[5] == '/')) {
            if (meta_tag_label(&p, end, label))
                return true;
        } else {
            p++;
        }
    }
    return false;
}

static bool
in_list(const char *label, const char *const *list, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(label, list[i]) == 0)
            return true;
    return false;
}

/* Map a declared label to how we decode it. A declaration readable as ASCII
 * cannot be UTF-16/32, so those labels mean UTF-8 (as browsers do). */
static enc_kind
classify_label(const char *label)
{
    static const char *const utf8[] = {
        "utf-8",          "utf8",     "unicode-1-1-utf-8", "unicode11utf8",
        "utf-16",         "utf-16le", "utf-16be",          "utf16",
        "utf-32",         "utf-32le", "utf-32be",          "utf32",
        "ucs-2",          "ucs2",     "unicode",           "unicode20utf8",
        "x-unicode20utf8"};
    static const char *const latin[] = {
        "iso-8859-1",      "iso8859-1",      "iso_8859-1",
        "iso88591",        "latin1",         "l1",
        "us-ascii",        "ascii",          "windows-1252",
        "cp1252",          "x-cp1252",       "iso-ir-100",
        "cp819",           "ibm819",         "csisolatin1",
        "iso_8859-1:1987", "ansi_x3.4-1968", "iso-8859-1:1987",
        "latin-1"};
    if (in_list(label, utf8, sizeof utf8 / sizeof utf8[0]))
        return ENC_UTF8;
    if (in_list(label, latin, sizeof latin / sizeof latin[0]))
        return ENC_CP1252;
    return ENC_ICONV;
}

static enc_kind
declared_encoding(const unsigned char *b, size_t n, char label[LABEL_MAX],
                  mn_enc_source *src)
{
    const unsigned char *end = b + (n < SNIFF_BYTES ? n : SNIFF_BYTES);
    if (xml_decl_label(b, end, label)) {
        *src = MN_ENC_FROM_XML_DECL;
        return classify_label(label);
    }
    if (meta_label(b, end, label)) {
        *src = MN_ENC_FROM_META;
        return classify_label(label);
    }
    return ENC_NONE;
}

/* ---- assembling the result ------------------------------------------------
 */

static void
set_name(char dst[LABEL_MAX], const char *name)
{
    snprintf(dst, LABEL_MAX, "%s", name);
}

static void
build_index(mn_decoded *r)
{
    size_t cap = 64;
    r->lines = mn_xmalloc(cap * sizeof *r->lines);
    r->lines[0] = 0;
    r->nlines = 1;
    const char *p = r->text;
    const char *end = r->text + r->len;
    while (p < end) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        if (!nl)
            break;
        r->lines = mn_xgrow(r->lines, &cap, r->nlines + 1, sizeof *r->lines);
        r->lines[r->nlines++] = (size_t)(nl + 1 - r->text);
        p = nl + 1;
    }
    size_t nsteps = r->len / COUNT_STEP + 1;
    r->counts = mn_xmalloc(nsteps * sizeof *r->counts);
    size_t total = 0;
    for (size_t k = 0; k < nsteps; k++) {
        r->counts[k] = total;
        size_t from = k * COUNT_STEP;
        size_t n = r->len - from < COUNT_STEP ? r->len - from : COUNT_STEP;
        total += mn_utf8_count(r->text + from, n);
    }
}

/* Move the conversion result into r; shrink the text if much is unused. */
static void
finish(mn_decoded *r, dec *d)
{
    reserve(d, 0);
    d->out[d->len] = '\0';
    if (d->cap - d->len > 4096 && d->cap - d->len > d->len / 16)
        d->out = mn_xrealloc(d->out, d->len + 1);
    r->text = d->out;
    r->len = d->len;
    r->segs = d->segs;
    r->nsegs = d->nsegs;
    r->drops = d->drops;
    r->ndrops = d->ndrops;
    r->replacements = d->replacements;
    build_index(r);
}

static mn_status
check_binary(const char *name, const unsigned char *b, size_t n, mn_error *err)
{
    const char *what = binary_signature(b, n);
    if (what)
        return mn_error_set(err, MN_E_DECODE, name, 0, 0,
                            "binary data (%s), not a text or HTML document",
                            what);
    const unsigned char *nul = memchr(b, 0, n);
    if (nul)
        return mn_error_set(err, MN_E_DECODE, name, 0, 0,
                            "binary data: NUL byte at offset %zu",
                            (size_t)(nul - b));
    return MN_OK;
}

/* No usable declaration: UTF-8 if the bytes are valid UTF-8, else cp1252. */
static void
decode_sniffed(mn_decoded *r, dec *d, const unsigned char *b, size_t n)
{
    if (decode_utf8(d, b, n, 0, true)) {
        set_name(r->encoding, "utf-8");
        r->source = MN_ENC_FROM_UTF8;
        return;
    }
    reset(d);
    uint32_t table[256];
    cp1252_table(table);
    decode_single(d, b, n, table, true);
    set_name(r->encoding, "windows-1252");
    r->source = MN_ENC_FROM_FALLBACK;
    r->width = WIDTH_BYTE;
}

static void
decode_as(mn_decoded *r, dec *d, enc_kind kind, const unsigned char *b,
          size_t n, size_t skip)
{
    uint32_t table[256];
    switch (kind) {
    case ENC_UTF8:
        set_name(r->encoding, "utf-8");
        (void)decode_utf8(d, b, n, skip, false);
        return;
    case ENC_UTF16LE:
    case ENC_UTF16BE:
        set_name(r->encoding, kind == ENC_UTF16LE ? "utf-16le" : "utf-16be");
        r->width = WIDTH_UTF16;
        decode_utf16(d, b, n, skip, kind == ENC_UTF16BE);
        return;
    case ENC_CP1252:
        set_name(r->encoding, "windows-1252");
        r->width = WIDTH_BYTE;
        cp1252_table(table);
        decode_single(d, b, n, table, true);
        return;
    case ENC_ICONV:
        if (decode_iconv(d, r->declared, b, n, &r->width)) {
            set_name(r->encoding, r->declared);
            return;
        }
        decode_sniffed(r, d, b, n);
        return;
    case ENC_NONE:
        decode_sniffed(r, d, b, n);
        return;
    }
}

mn_status
mn_decode(const char *name, const unsigned char *bytes, size_t len,
          const mn_decode_options *opt, mn_decoded **out, mn_error *err)
{
    if (!out || (!bytes && len > 0))
        return mn_error_set(err, MN_E_USAGE, name, 0, 0,
                            "mn_decode: no input or no output pointer");
    if (len > MN_MAX_INPUT_BYTES)
        return mn_error_set(err, MN_E_LIMIT, name, 0, 0,
                            "input of %zu bytes exceeds the limit of %zu", len,
                            MN_MAX_INPUT_BYTES);
    static const unsigned char nothing[1] = {0};
    if (len == 0)
        bytes = nothing; /* no NULL reaches memchr or pointer arithmetic */
    size_t skip = 0;
    mn_enc_source src = MN_ENC_FROM_BOM;
    enc_kind kind = bom_kind(bytes, len, &skip);
    if (kind == ENC_NONE) {
        kind = utf16_without_bom(bytes, len);
        src = MN_ENC_FROM_FALLBACK; /* sniffed; there is no better source */
    }
    if (kind != ENC_UTF16LE && kind != ENC_UTF16BE) {
        mn_status st = check_binary(name, bytes, len, err);
        if (st != MN_OK)
            return st;
    }
    mn_decoded *r = mn_xcalloc(1, sizeof *r);
    r->in_len = len;
    if (kind == ENC_NONE && opt && opt->sniff_html)
        kind = declared_encoding(bytes, len, r->declared, &src);
    r->source = src;
    dec d = {0};
    d.cap = len + len / 8 + 64;
    d.out = mn_xmalloc(d.cap);
    decode_as(r, &d, kind, bytes, len, skip);
    finish(r, &d);
    *out = r;
    return MN_OK;
}

void
mn_decoded_free(mn_decoded *d)
{
    if (!d)
        return;
    free(d->text);
    free(d->segs);
    free(d->drops);
    free(d->lines);
    free(d->counts);
    free(d);
}

void
mn_decoded_drop_text(mn_decoded *d)
{
    if (!d)
        return;
    free(d->text);
    free(d->segs);
    free(d->drops);
    free(d->lines);
    free(d->counts);
    d->text = NULL;
    d->len = 0;
    d->segs = NULL;
    d->drops = NULL;
    d->lines = NULL;
    d->counts = NULL;
    d->nsegs = d->ndrops = d->nlines = 0;
}

const char *
mn_decoded_text(const mn_decoded *d)
{
    return d->text ? d->text : "";
}

size_t
mn_decoded_len(const mn_decoded *d)
{
    return d->len;
}

const char *
mn_decoded_encoding(const mn_decoded *d)
{
    return d->encoding;
}

mn_enc_source
mn_decoded_encoding_source(const mn_decoded *d)
{
    return d->source;
}

const char *
mn_decoded_declared(const mn_decoded *d)
{
    return d->declared[0] ? d->declared : NULL;
}

size_t
mn_decoded_replacements(const mn_decoded *d)
{
    return d->replacements;
}

size_t
mn_decoded_map_segments(const mn_decoded *d)
{
    return d->nsegs;
}

/* ---- positions ----------------------------------------------------------- */

/* Clamp off to the text and move it back to the start of its character. */
static size_t
char_start(const mn_decoded *d, size_t off)
{
    if (off >= d->len)
        return d->len;
    while (off > 0 && ((unsigned char)d->text[off] & 0xC0) == 0x80)
        off--;
    return off;
}

/* Number of items in the sorted array a[0, n) that are <= x. */
static size_t
count_le(const size_t *a, size_t n, size_t x)
{
    size_t lo = 0;
    size_t hi = n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (a[mid] <= x)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

static size_t
count_lt(const size_t *a, size_t n, size_t x)
{
    return x == 0 ? 0 : count_le(a, n, x - 1);
}

static const seg *
find_seg(const mn_decoded *d, size_t off)
{
    size_t lo = 0;
    size_t hi = d->nsegs;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (d->segs[mid].out <= off)
            lo = mid + 1;
        else
            hi = mid;
    }
    return &d->segs[lo - 1]; /* segs[0].out == 0 <= off */
}

static size_t
cp_seg_offset(const mn_decoded *d, const seg *s, size_t off)
{
    const char *p = d->text + s->out;
    size_t n = off - s->out;
    size_t chars = mn_utf8_count(p, n);
    if (d->width != WIDTH_UTF16)
        return s->in + chars;
    size_t astral = 0; /* 4-byte UTF-8 = a surrogate pair: 2 more bytes */
    for (size_t i = 0; i < n; i++)
        astral += (unsigned char)p[i] >= 0xF0;
    return s->in + 2 * chars + 2 * astral;
}

size_t
mn_decoded_source_offset(const mn_decoded *d, size_t off)
{
    off = char_start(d, off);
    if (off >= d->len)
        return d->in_len;
    const seg *s = find_seg(d, off);
    size_t in = s->in;
    switch (s->kind) {
    case SEG_LIN1:
        in += off - s->out;
        break;
    case SEG_LIN2:
        in += 2 * (off - s->out);
        break;
    case SEG_POINT:
        return s->in;
    case SEG_CP:
        in = cp_seg_offset(d, s, off);
        break;
    }
    if (s->crlf) { /* each LF before off was a CRLF: one more unit each */
        size_t lfs = count_le(d->lines, d->nlines, off) -
                     count_le(d->lines, d->nlines, s->out);
        in += lfs * (d->width == WIDTH_UTF16 ? 2 : 1);
    }
    return in;
}

/* Code points in text[0, off). */
static size_t
chars_before(const mn_decoded *d, size_t off)
{
    size_t k = off / COUNT_STEP;
    size_t from = k * COUNT_STEP;
    return d->counts[k] + mn_utf8_count(d->text + from, off - from);
}

static unsigned
clamp_uint(size_t v)
{
    return v > UINT_MAX ? UINT_MAX : (unsigned)v;
}

void
mn_decoded_position(const mn_decoded *d, size_t off, unsigned *line,
                    unsigned *col, size_t *source_offset)
{
    off = char_start(d, off);
    size_t li = count_le(d->lines, d->nlines, off); /* >= 1: lines[0] == 0 */
    size_t start = d->lines[li - 1];
    /* Characters removed at the line start or up to off still count. */
    size_t dropped = count_le(d->drops, d->ndrops, off) -
                     count_lt(d->drops, d->ndrops, start);
    size_t chars = off - start <= 2 * COUNT_STEP
                       ? mn_utf8_count(d->text + start, off - start)
                       : chars_before(d, off) - chars_before(d, start);
    chars += dropped;
    if (line)
        *line = clamp_uint(li);
    if (col)
        *col = clamp_uint(chars + 1);
    if (source_offset)
        *source_offset = mn_decoded_source_offset(d, off);
}
