/* Placeholder for the abbreviations pass; replaced by its owner. */
#include "mn_extract_int.h"

void
mn_x_abbreviations(mn_xctx *x)
{
    (void)x;
}
