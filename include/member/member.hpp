// The whole public C++ API of member.
#pragma once

#include "member/accounts.hpp"
#include "member/actor.hpp"
#include "member/audit.hpp"
#include "member/catalog.hpp"
#include "member/clock.hpp"
#include "member/error.hpp"
#include "member/moderation.hpp"
#include "member/options.hpp"
#include "member/page.hpp"
#include "member/policy.hpp"
#include "member/sessions.hpp"
#include "member/storage.hpp"
#include "member/system.hpp"
#include "member/version.hpp"
