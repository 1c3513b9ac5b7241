/* Placeholder for the actions pass; replaced by its owner. */
#include "mn_extract_int.h"

void
mn_x_actions(mn_xctx *x)
{
    (void)x;
}
