/* Placeholder for the meeting pass; replaced by its owner. */
#include "mn_extract_int.h"

void
mn_x_meeting(mn_xctx *x)
{
    (void)x;
}
