/* Placeholder for the attendees pass; replaced by its owner. */
#include "mn_extract_int.h"

void
mn_x_attendees(mn_xctx *x)
{
    (void)x;
}
