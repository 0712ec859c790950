#pragma once

// Every port at once, for the wiring in apps/ratusz and for tests. Code that needs one context
// includes its own header from app/ports/.

#include "app/ports/accounts.hpp"
#include "app/ports/callback.hpp"
#include "app/ports/cases.hpp"
#include "app/ports/contact.hpp"
#include "app/ports/courier.hpp"
#include "app/ports/files.hpp"
#include "app/ports/kb.hpp"
#include "app/ports/mail.hpp"
#include "app/ports/notices.hpp"
#include "app/ports/outbox.hpp"
#include "app/ports/residents.hpp"
