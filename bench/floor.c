/*
 * The benchmark floor: the least any HTML extractor built on libxml2 must
 * do. Reads each file, parses it with libxml2's SAX HTML parser (as the
 * minutes tokeniser does) and walks its text, counting characters so the
 * work cannot be optimised away. --dom builds a tree (htmlReadMemory) and
 * walks it instead. Usage: floor [--dom] FILE... (or --files-from LIST)
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/HTMLparser.h>
#include <libxml/tree.h>

static unsigned long long text_bytes, text_nodes;

static void
on_text(void *ctx, const xmlChar *ch, int len)
{
    (void)ctx;
    for (int i = 0; i < len; i++)
        text_bytes += ch[i] > ' ';
    text_nodes++;
}

static int
read_file(const char *path, char **data, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        fprintf(stderr, "floor: %s: %s\n", path, strerror(errno));
        return -1;
    }
    size_t cap = 1 << 16, n = 0;
    char *buf = malloc(cap);
    size_t got;
    while (buf && (got = fread(buf + n, 1, cap - n, f)) > 0) {
        n += got;
        if (n == cap) {
            char *bigger = realloc(buf, cap *= 2);
            if (!bigger)
                free(buf);
            buf = bigger;
        }
    }
    fclose(f);
    if (!buf)
        return -1;
    *data = buf;
    *len = n;
    return 0;
}

static void
parse_sax(const char *data, size_t len)
{
    htmlSAXHandler sax;
    memset(&sax, 0, sizeof sax);
    sax.characters = on_text;
    sax.cdataBlock = on_text;
    htmlParserCtxtPtr ctxt = htmlCreateMemoryParserCtxt(data, (int)len);
    if (!ctxt)
        return;
    memcpy(ctxt->sax, &sax, sizeof sax);
    htmlCtxtUseOptions(ctxt, HTML_PARSE_RECOVER | HTML_PARSE_NONET |
                                 HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING);
    (void)htmlParseDocument(ctxt);
    htmlFreeParserCtxt(ctxt);
}

static void
walk(xmlNode *n)
{
    /* iterative pre-order walk: deep documents must not blow the stack */
    while (n) {
        if (n->type == XML_TEXT_NODE && n->content)
            on_text(NULL, n->content, (int)strlen((char *)n->content));
        if (n->children) {
            n = n->children;
            continue;
        }
        while (n && !n->next)
            n = n->parent;
        if (n)
            n = n->next;
    }
}

static void
parse_dom(const char *data, size_t len)
{
    htmlDocPtr doc =
        htmlReadMemory(data, (int)len, NULL, NULL,
                       HTML_PARSE_RECOVER | HTML_PARSE_NONET |
                           HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING);
    if (!doc)
        return;
    walk(xmlDocGetRootElement(doc));
    xmlFreeDoc(doc);
}

static int
one(const char *path, int dom)
{
    char *data = NULL;
    size_t len = 0;
    if (read_file(path, &data, &len) != 0)
        return -1;
    if (dom)
        parse_dom(data, len);
    else
        parse_sax(data, len);
    free(data);
    return 0;
}

static int
from_list(const char *list, int dom)
{
    FILE *f = strcmp(list, "-") == 0 ? stdin : fopen(list, "r");
    if (!f)
        return -1;
    char *line = NULL;
    size_t cap = 0;
    ssize_t n;
    int rc = 0;
    while ((n = getline(&line, &cap, f)) > 0) {
        if (line[n - 1] == '\n')
            line[n - 1] = '\0';
        if (*line && one(line, dom) != 0)
            rc = 1;
    }
    free(line);
    if (f != stdin)
        fclose(f);
    return rc;
}

int
main(int argc, char **argv)
{
    int dom = 0, rc = 0;
    xmlInitParser();
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--dom") == 0)
            dom = 1;
        else if (strcmp(argv[i], "--files-from") == 0 && i + 1 < argc)
            rc |= from_list(argv[++i], dom);
        else if (one(argv[i], dom) != 0)
            rc = 1;
    }
    fprintf(stderr, "floor: %llu text nodes, %llu non-blank bytes\n",
            text_nodes, text_bytes);
    xmlCleanupParser();
    return rc;
}
