/* Placeholder for the sections pass; replaced by its owner. */
#include "mn_extract_int.h"

void
mn_x_sections(mn_xctx *x)
{
    (void)x;
}
