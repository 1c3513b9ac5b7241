/* Lookup in the generated table of embedded rule files; see mn_embed.h. */
#include "mn_embed.h"

#include <string.h>

const mn_embedded_file *
mn_embedded_find(const char *name)
{
    for (size_t i = 0; i < mn_embedded_count; i++)
        if (strcmp(mn_embedded_files[i].name, name) == 0)
            return &mn_embedded_files[i];
    return NULL;
}
