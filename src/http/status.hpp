#pragma once

// Error codes to HTTP statuses, in one place.

#include "common/result.hpp"

namespace ratusz::http {

// For the staff JSON API: the most precise HTTP status.
int HttpStatus(ErrorCode code);

// For Open311, whose clients know 400, 403 and 404 (and tolerate a few more).
int Open311Status(ErrorCode code);

}  // namespace ratusz::http
