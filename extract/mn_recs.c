/* Placeholder for the recommendations pass; replaced by its owner. */
#include "mn_extract_int.h"

void
mn_x_recommendations(mn_xctx *x)
{
    (void)x;
}
