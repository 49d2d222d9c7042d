// C1 C7 model-based randomized test: thousands of random operations (earn
// with several expiry rules including never, use, freeze, capture in part or
// in full, release, expire_due, adjust up and down, clock moves across lot
// expiries and hold timeouts, repeated keys with the same and with other
// content, account status changes, bad input) run against a System and
// against a small reference model written from the rules in the issue.
// After every step the balances of every member must match the model; every
// so often the journal totals and the SQL invariants are checked too.
//
// The seed is printed; MEMBER_TEST_SEED=<seed> replays a run, and
// MEMBER_TEST_MODEL_OPS=<n> changes its length.
#include <doctest/doctest.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <map>
#include <random>
#include <set>
#include <sstream>

#include "core/ids.hpp"
#include "ledger/ledger_helpers.hpp"
#include "support/postgres.hpp"

namespace member::test {
namespace {

// ---------------------------------------------------------------------------
// The reference model
// ---------------------------------------------------------------------------

/// `ms` plus `months` calendar months, the day clamped to the month's end.
std::int64_t model_add_months(std::int64_t ms, unsigned months) {
  using namespace std::chrono;
  const sys_time<milliseconds> t{milliseconds(ms)};
  const sys_days day = floor<days>(t);
  const year_month_day date{day};
  const int index =
      static_cast<int>(static_cast<unsigned>(date.month())) - 1 + static_cast<int>(months);
  const year y = date.year() + years(index / 12);
  const month m{static_cast<unsigned>(index % 12 + 1)};
  const unsigned last = static_cast<unsigned>((y / m / std::chrono::last).day());
  const unsigned d = std::min(static_cast<unsigned>(date.day()), last);
  return (sys_days{y / m / std::chrono::day{d}} + (t - day)).time_since_epoch().count();
}

struct MLot {
  std::int64_t amount = 0;
  std::int64_t remaining = 0;
  std::int64_t frozen = 0;
  std::int64_t expiry = 0;  ///< 0: never
  std::int64_t created = 0;
};

struct MHold {
  std::string id;
  std::int64_t amount = 0;
  std::int64_t expires = 0;
  std::vector<std::pair<std::size_t, std::int64_t>> shares;  ///< lot index, amount
  int state = 0;  ///< 0 pending, 1 captured, 2 released, 3 timed out
};

struct Settled {
  std::int64_t holds = 0;
  std::int64_t lots = 0;
  std::int64_t amount = 0;
};

struct MAccount {
  std::vector<MLot> lots;
  std::vector<MHold> holds;
  bool active = true;
  std::int64_t entries = 0;
  std::int64_t earned = 0;
  std::int64_t spent = 0;

  static bool live(const MLot& lot, std::int64_t now) {
    return lot.expiry == 0 || lot.expiry > now;
  }

  /// Lots with something left, soonest expiry first, never-expiring last,
  /// then oldest first.
  std::vector<std::size_t> order() const {
    std::vector<std::size_t> out;
    for (std::size_t i = 0; i < lots.size(); ++i) {
      if (lots[i].remaining > 0) out.push_back(i);
    }
    std::sort(out.begin(), out.end(), [&](std::size_t a, std::size_t b) {
      const MLot& x = lots[a];
      const MLot& y = lots[b];
      return std::tuple(x.expiry == 0, x.expiry, x.created, a) <
             std::tuple(y.expiry == 0, y.expiry, y.created, b);
    });
    return out;
  }

  std::int64_t available(std::int64_t now) const {
    std::int64_t sum = 0;
    for (const MLot& l : lots) {
      if (live(l, now)) sum += l.remaining - l.frozen;
    }
    return sum;
  }
  std::int64_t frozen() const {
    std::int64_t sum = 0;
    for (const MLot& l : lots) sum += l.frozen;
    return sum;
  }
  std::int64_t posted() const {
    std::int64_t sum = 0;
    for (const MLot& l : lots) sum += l.remaining;
    return sum;
  }

  MHold* hold(const std::string& id) {
    for (MHold& h : holds) {
      if (h.id == id) return &h;
    }
    return nullptr;
  }

  /// Unfreezes a hold's shares, spending the first `spend` of them from the
  /// soonest-expiring lots; returns what was spent.
  std::int64_t resolve(MHold& h, std::int64_t spend) {
    auto shares = h.shares;
    const auto pos = order();
    const auto rank = [&](std::size_t lot) {
      return std::find(pos.begin(), pos.end(), lot) - pos.begin();
    };
    std::sort(shares.begin(), shares.end(),
              [&](const auto& a, const auto& b) { return rank(a.first) < rank(b.first); });
    std::int64_t spent_now = 0;
    for (const auto& [lot, amount] : shares) {
      lots[lot].frozen -= amount;
      const std::int64_t take = std::min(spend, amount);
      lots[lot].remaining -= take;
      spend -= take;
      spent_now += take;
    }
    return spent_now;
  }

  /// Releases timed-out holds and expires what is left in due lots, as the
  /// engine does before and after every change and in expire_due.
  Settled settle(std::int64_t now) {
    Settled s;
    for (MHold& h : holds) {
      if (h.state == 0 && h.expires <= now) {
        resolve(h, 0);
        h.state = 3;
        ++s.holds;
        ++entries;
      }
    }
    for (MLot& l : lots) {
      if (!live(l, now) && l.remaining > l.frozen) {
        const std::int64_t gone = l.remaining - l.frozen;
        l.remaining -= gone;
        s.amount += gone;
        ++s.lots;
      }
    }
    if (s.lots > 0) {
      ++entries;
      spent += s.amount;
    }
    return s;
  }

  /// Takes `amount` of available lots, soonest expiry first: spends it, or
  /// freezes it for a hold.
  std::vector<std::pair<std::size_t, std::int64_t>> take(std::int64_t amount, std::int64_t now,
                                                         bool freeze) {
    std::vector<std::pair<std::size_t, std::int64_t>> shares;
    for (std::size_t i : order()) {
      if (amount == 0) break;
      MLot& l = lots[i];
      if (!live(l, now)) continue;
      const std::int64_t t = std::min(amount, l.remaining - l.frozen);
      if (t <= 0) continue;
      (freeze ? l.frozen : l.remaining) += freeze ? t : -t;
      amount -= t;
      shares.emplace_back(i, t);
    }
    REQUIRE(amount == 0);  // the caller checked available
    return shares;
  }

  Summary summary(std::int64_t now, std::int64_t window_ms) const {
    MAccount c = *this;
    for (MHold& h : c.holds) {
      if (h.state == 0 && h.expires <= now) c.resolve(h, 0);
    }
    Summary s;
    s.available = c.available(now);
    s.frozen = c.frozen();
    s.total = s.available + s.frozen;
    std::int64_t next = 0;
    for (const MLot& l : c.lots) {
      if (!live(l, now) || l.expiry == 0) continue;
      if (l.expiry <= now + window_ms) s.expiring += l.remaining - l.frozen;
      if (l.remaining > l.frozen && (next == 0 || l.expiry < next)) next = l.expiry;
    }
    if (next != 0) s.next_expiry = TimePoint{milliseconds(next)};
    return s;
  }
};

// ---------------------------------------------------------------------------
// Requests and expectations
// ---------------------------------------------------------------------------

enum class Op { earn, use, freeze, capture, release, adjust };

constexpr const char* kOpNames[] = {"earn", "use", "freeze", "capture", "release", "adjust"};

struct Req {
  Op op = Op::earn;
  std::size_t user = 0;
  std::int64_t amount = 0;
  std::string key;
  std::string event;  ///< earn
  std::string text;   ///< description, or the reason of an adjust
  std::optional<std::int64_t> order_amount;
  std::optional<std::int64_t> expires_at;  ///< freeze, ms
  std::string hold_id;
  std::optional<std::size_t> actor_user;  ///< acting as this member, else as staff

  /// What makes two requests with one key "the same": the request's fields.
  std::string content() const {
    std::ostringstream s;
    s << kOpNames[static_cast<int>(op)] << "|" << user;
    switch (op) {
      case Op::earn:
        s << "|" << amount << "|" << event << "|" << text;
        break;
      case Op::use:
        s << "|" << amount << "|" << text << "|" << order_amount.value_or(-1);
        break;
      case Op::freeze:
        s << "|" << amount << "|" << text << "|" << expires_at.value_or(-1);
        break;
      case Op::capture:
        s << "|" << hold_id << "|" << amount << "|" << text;
        break;
      case Op::release:
        s << "|" << hold_id;
        break;
      case Op::adjust:
        s << "|" << amount << "|" << text;
        break;
    }
    return s.str();
  }

  std::string describe() const {
    std::ostringstream s;
    s << kOpNames[static_cast<int>(op)] << " user=" << user << " amount=" << amount
      << " key=" << key;
    if (!event.empty()) s << " event=" << event;
    if (order_amount) s << " order_amount=" << *order_amount;
    if (expires_at) s << " expires_at=" << *expires_at;
    if (!hold_id.empty()) s << " hold=" << hold_id;
    if (actor_user) s << " as_user=" << *actor_user;
    return s.str();
  }
};

struct Expect {
  Errc code = Errc::ok;
  std::optional<std::int64_t> shortage;
  std::string says;   ///< a word the error message must contain
  Movement movement;  ///< when ok (entry_id: only for replays)
  bool replay = false;
};

Expect error(Errc code, std::string says = {}) {
  Expect e;
  e.code = code;
  e.says = std::move(says);
  return e;
}

// ---------------------------------------------------------------------------
// One run
// ---------------------------------------------------------------------------

struct RunConfig {
  Asset asset = Asset::points;
  int ops = 3000;
  int check_every = 100;  ///< journal totals and SQL invariants
};

LedgerPolicy model_policy() {
  LedgerPolicy p;
  p.expiry_months = 24;
  p.expiry_months_by_event = {{"SHORT", 1}, {"QUARTER", 3}, {"FOREVER", 0}};
  p.points_per_currency_unit = 100;
  p.hold_timeout = std::chrono::minutes(30);
  return p;
}

class ModelRun {
 public:
  ModelRun(System& sys, ManualClock& clock, SqlProbe* probe, RunConfig config, std::uint64_t seed)
      : sys_(sys),
        ledger_(config.asset == Asset::points ? sys.points() : sys.wallet()),
        clock_(clock),
        probe_(probe),
        config_(config),
        policy_(model_policy()),
        rng_(seed) {
    for (int i = 0; i < 3; ++i) {
      ids_.push_back(sys_.accounts().register_user(Actor::anonymous(),
                                                   with_username("model" + std::to_string(i))));
    }
    model_.resize(ids_.size());
  }

  /// Runs the operations; stops at the first disagreement.
  void run() {
    for (step_ = 0; step_ < config_.ops; ++step_) {
      move_clock();
      std::string what;
      const bool ok = one_step(what);
      INFO("step " << step_ << ": " << what);
      if (!ok || !check_summaries()) {
        FAIL_CHECK("the ledger disagrees with the model at step " << step_ << ": " << what);
        return;
      }
      if ((step_ + 1) % config_.check_every == 0 && !check_totals()) {
        FAIL_CHECK("journal totals or invariants broken at step " << step_);
        return;
      }
    }
    CHECK(check_totals());
    // Drain: far in the future everything expirable is gone, once.
    clock_.advance(Days(365 * 30));
    if (!expire_step()) FAIL_CHECK("final expire_due disagrees with the model");
    const ExpiryReport again = ledger_.expire_due(kSystemActor);
    CHECK(again.lots == 0);
    CHECK(again.amount == 0);
    CHECK(again.holds == 0);
    CHECK(check_summaries());
    CHECK(check_totals());
    MESSAGE("model run: " << config_.ops << " ops, " << stats());
  }

 private:
  std::int64_t now() const { return ms_of(clock_.now()); }
  std::int64_t uniform(std::int64_t lo, std::int64_t hi) {  // inclusive
    return std::uniform_int_distribution<std::int64_t>(lo, hi)(rng_);
  }
  bool chance(double p) { return std::bernoulli_distribution(p)(rng_); }

  std::string stats() const {
    std::ostringstream s;
    for (const auto& [code, n] : outcomes_) s << to_string(code) << "=" << n << " ";
    s << "replays=" << replays_ << "; by expire_due: lots expired=" << expired_lots_
      << " holds timed out=" << timed_out_ << "; captures over several lots=" << split_captures_
      << ", of holds on dead lots=" << dead_resolves_;
    return s.str();
  }

  void move_clock() {
    const int r = static_cast<int>(uniform(0, 99));
    if (r < 50) return;
    if (r < 65) {
      clock_.advance(milliseconds(uniform(1, 999)));
    } else if (r < 80) {
      clock_.advance(minutes(uniform(1, 60)) + milliseconds(uniform(0, 999)));
    } else if (r < 92) {
      clock_.advance(hours(uniform(1, 72)) + milliseconds(uniform(0, 999)));
    } else {
      clock_.advance(Days(uniform(1, 45)) + milliseconds(uniform(0, 86'400'000)));
    }
  }

  /// One random operation; false when the System disagreed with the model.
  bool one_step(std::string& what) {
    const int r = static_cast<int>(uniform(0, 99));
    if (r < 4) {
      what = "expire_due";
      return expire_step();
    }
    if (r < 6) {
      // Accounts are disabled now and then, and soon enabled again.
      std::size_t u = static_cast<std::size_t>(uniform(0, 2));
      for (std::size_t i = 0; i < model_.size(); ++i) {
        if (!model_[i].active) u = i;
      }
      if (model_[u].active && r >= 2) return true;  // disable in 1 step of 50
      model_[u].active = !model_[u].active;
      what = "status of user " + std::to_string(u) + (model_[u].active ? " active" : " disabled");
      sys_.accounts().set_status(
          kAdmin, ids_[u], model_[u].active ? AccountStatus::active : AccountStatus::disabled);
      return true;
    }
    if (r < 10) {
      const BatchReq b = random_batch();
      what = b.describe();
      return batch_step(b);
    }
    Req req = r < 18 && !claimed_.empty() ? repeat_request(r < 15) : random_request();
    what = req.describe();
    return request_step(req);
  }

  /// A request under an already used key: the very same (replay) or another.
  Req repeat_request(bool same) {
    auto it = claimed_.begin();
    std::advance(it, uniform(0, static_cast<std::int64_t>(claimed_.size()) - 1));
    if (same) {
      Req again = it->second.first;
      // Whoever asks, the same content is the same request.
      if (again.op != Op::earn && again.op != Op::adjust && chance(0.5)) {
        again.actor_user = again.user;
      } else {
        again.actor_user.reset();
      }
      return again;
    }
    Req other = random_request();
    other.key = it->second.first.key;
    return other;
  }

  Req random_request() {
    Req q;
    q.user = static_cast<std::size_t>(uniform(0, 2));
    q.key = "k" + std::to_string(step_);
    if (!failed_keys_.empty() && chance(0.05)) {
      q.key = failed_keys_[static_cast<std::size_t>(
          uniform(0, static_cast<std::int64_t>(failed_keys_.size()) - 1))];
    }
    if (!batch_claimed_.empty() && chance(0.02)) q.key = batch_claimed_.begin()->first;
    q.text = chance(0.5) ? "" : "d" + std::to_string(step_);
    const MAccount& m = model_[q.user];
    const std::int64_t avail = m.available(now());
    const int r = static_cast<int>(uniform(0, 99));
    if (r < 26) {
      q.op = Op::earn;
      static const char* kEvents[] = {"PURCHASE", "SHORT", "QUARTER", "FOREVER", ""};
      q.event = kEvents[uniform(0, 4)];
      q.amount = chance(0.05) ? uniform(100'000, 1'000'000) : uniform(1, 1000);
    } else if (r < 48) {
      q.op = Op::use;
      const int how = static_cast<int>(uniform(0, 9));
      q.amount = how < 2   ? std::max<std::int64_t>(avail, 1)
                 : how < 5 ? uniform(1, avail + 50)
                           : uniform(1, 300);
      if (config_.asset == Asset::points ? chance(0.25) : chance(0.03)) {
        // The order is usually worth more than the points, sometimes less.
        q.order_amount = chance(0.85) ? q.amount + uniform(0, 5000) : uniform(0, q.amount - 1);
      }
    } else if (r < 64) {
      q.op = Op::freeze;
      q.amount = chance(0.2) ? std::max<std::int64_t>(avail, 1) : uniform(1, avail + 20);
      if (chance(0.5)) {  // long holds see their lots expire under them
        q.expires_at = now() + (chance(0.05) ? -uniform(0, 1000) : uniform(1, 60 * 86'400'000LL));
      }
    } else if (r < 78) {
      q.op = Op::capture;
      q.hold_id = pick_hold(q.user);
      const MHold* h = model_[q.user].hold(q.hold_id);
      const std::int64_t held = h ? h->amount : 100;
      const int how = static_cast<int>(uniform(0, 9));
      q.amount = how < 4 ? 0 : how < 8 ? uniform(1, held) : how < 9 ? held : held + 1;
    } else if (r < 88) {
      q.op = Op::release;
      q.hold_id = pick_hold(q.user);
    } else {
      q.op = Op::adjust;
      q.amount = chance(0.5) ? uniform(1, 500) : -uniform(1, std::max<std::int64_t>(avail, 1) + 30);
      q.text = "reason " + std::to_string(step_);
      if (chance(0.03)) q.text.clear();  // a reason is required
    }
    if (chance(0.02) && q.op != Op::capture) q.amount = chance(0.5) ? 0 : -q.amount;
    if (q.op == Op::adjust && q.amount == 0 && chance(0.5)) q.amount = 1;
    // Members act for themselves now and then, or try another's account.
    if (q.op == Op::use || q.op == Op::freeze || q.op == Op::capture || q.op == Op::release) {
      if (chance(0.3)) q.actor_user = q.user;
      if (chance(0.02)) q.actor_user = (q.user + 1) % ids_.size();
    } else if (chance(0.01)) {
      q.actor_user = q.user;  // may not earn or adjust
    }
    return q;
  }

  /// Mostly a pending hold of the member; sometimes a resolved one, another
  /// member's, or one that does not exist.
  std::string pick_hold(std::size_t user) {
    std::vector<std::string> pending;
    std::vector<std::string> resolved;
    for (const MHold& h : model_[user].holds) (h.state == 0 ? pending : resolved).push_back(h.id);
    const int r = static_cast<int>(uniform(0, 99));
    const auto any = [&](const std::vector<std::string>& v) {
      return v[static_cast<std::size_t>(uniform(0, static_cast<std::int64_t>(v.size()) - 1))];
    };
    if (r < 75 && !pending.empty()) return any(pending);
    if (r < 92 && !resolved.empty()) return any(resolved);
    const MAccount& other = model_[(user + 1) % model_.size()];
    if (r < 97 && !other.holds.empty()) return other.holds.back().id;
    return "e-no-such-hold-" + std::to_string(step_);
  }

  /// What the rules say `q` must do; applies it to `m` (a copy) when it succeeds.
  Expect expected(const Req& q, MAccount& m) {
    const bool staff_only = q.op == Op::earn || q.op == Op::adjust;
    if (q.actor_user && (staff_only || *q.actor_user != q.user)) {
      return error(Errc::permission_denied);
    }
    // Request validation, before the key is looked at.
    if (q.op == Op::adjust) {
      if (q.amount == 0) return error(Errc::invalid_argument, "amount");
      if (q.text.empty()) return error(Errc::invalid_argument, "reason");
    } else if (q.op == Op::capture) {
      if (q.amount < 0) return error(Errc::invalid_argument, "amount");
    } else if (q.op != Op::release && q.amount <= 0) {
      return error(Errc::invalid_argument, "amount");
    }
    if (q.op == Op::use && q.order_amount) {
      if (config_.asset == Asset::money) return error(Errc::invalid_argument, "order_amount");
      if (q.amount * 100 % policy_.points_per_currency_unit != 0 ||
          q.amount * 100 / policy_.points_per_currency_unit > *q.order_amount) {
        return error(Errc::invalid_argument, "amount");
      }
    }
    const std::int64_t t = now();
    // The key: a replay, a conflict, or new. Staff share the tenant's keys
    // (batches' too); a member's are their own. The same content for the
    // same account under either side's key is the same request; other
    // content under one's own side's key is a conflict.
    const std::string own = key_space(q.actor_user, q.key);
    const std::string shared =
        key_space(q.actor_user ? std::nullopt : std::optional(q.user), q.key);
    const auto replay_of = [&](const std::pair<Req, Movement>& first) {
      Expect e;
      e.replay = true;
      e.movement = first.second;
      e.movement.replayed = true;
      return e;
    };
    for (const std::string& space : {own, shared}) {
      const auto it = claimed_.find(space);
      if (it != claimed_.end() && it->second.first.content() == q.content()) {
        return replay_of(it->second);
      }
    }
    const bool own_taken =
        claimed_.count(own) != 0 || (!q.actor_user && batch_claimed_.count(q.key) != 0);
    if (own_taken) return error(Errc::conflict, "key");
    if (!m.active) return error(Errc::failed_precondition, "disabled");

    m.settle(t);
    const Errc short_code =
        config_.asset == Asset::points ? Errc::insufficient_points : Errc::insufficient_funds;
    Expect e;
    Movement& mv = e.movement;
    switch (q.op) {
      case Op::earn:
      case Op::adjust:
        mv.kind = q.op == Op::earn ? EntryKind::earn : EntryKind::adjust;
        mv.amount = q.amount;
        if (q.amount > 0) {
          std::int64_t expiry = 0;
          if (config_.asset == Asset::points) {
            const std::string event = q.op == Op::earn ? q.event : "ADJUST";
            const auto rule = policy_.expiry_months_by_event.find(event);
            const unsigned months =
                rule == policy_.expiry_months_by_event.end() ? policy_.expiry_months : rule->second;
            expiry = months == 0 ? 0 : model_add_months(t, months);
          }
          m.lots.push_back({q.amount, q.amount, 0, expiry, t});
          m.earned += q.amount;
          if (q.op == Op::earn && expiry != 0) mv.expires_at = TimePoint{milliseconds(expiry)};
        } else {
          const std::int64_t avail = m.available(t);
          if (-q.amount > avail) {
            Expect s = error(short_code);
            s.shortage = -q.amount - avail;
            return s;
          }
          m.take(-q.amount, t, false);
          m.spent += -q.amount;
        }
        break;
      case Op::use:
      case Op::freeze: {
        // A timeout in the past is refused, but only after the key: a late
        // retry of a freeze still gets its first answer.
        if (q.op == Op::freeze && q.expires_at && *q.expires_at <= t) {
          return error(Errc::invalid_argument, "expires_at");
        }
        const std::int64_t avail = m.available(t);
        if (q.amount > avail) {
          Expect s = error(short_code);
          s.shortage = q.amount - avail;
          return s;
        }
        const auto shares = m.take(q.amount, t, q.op == Op::freeze);
        if (q.op == Op::use) {
          mv.kind = EntryKind::use;
          mv.amount = -q.amount;
          m.spent += q.amount;
          if (q.order_amount) {
            mv.discount = q.amount * 100 / policy_.points_per_currency_unit;
            mv.final_amount = *q.order_amount - mv.discount;
          }
        } else {
          mv.kind = EntryKind::freeze;
          mv.frozen_change = q.amount;
          MHold h;
          h.amount = q.amount;
          h.expires =
              q.expires_at
                  ? *q.expires_at
                  : t + std::chrono::duration_cast<milliseconds>(policy_.hold_timeout).count();
          h.shares = shares;
          m.holds.push_back(h);
          mv.expires_at = TimePoint{milliseconds(h.expires)};
        }
        break;
      }
      case Op::capture:
      case Op::release: {
        MHold* h = m.hold(q.hold_id);
        if (h == nullptr) return error(Errc::not_found, "hold");
        static const char* kHow[] = {"pending", "captured", "released", "timed out"};
        if (h->state != 0) return error(Errc::failed_precondition, kHow[h->state]);
        const std::int64_t spend = q.op == Op::release ? 0 : q.amount == 0 ? h->amount : q.amount;
        if (spend > h->amount) return error(Errc::invalid_argument, "amount");
        if (spend > 0 && h->shares.size() > 1) ++split_captures_;
        for (const auto& share : h->shares) {
          if (!MAccount::live(m.lots[share.first], t)) {
            ++dead_resolves_;
            break;
          }
        }
        m.resolve(*h, spend);
        h->state = q.op == Op::capture ? 1 : 2;
        mv.kind = q.op == Op::capture ? EntryKind::capture : EntryKind::release;
        mv.amount = -spend;
        mv.frozen_change = -h->amount;
        mv.hold_id = h->id;
        m.spent += spend;
        break;
      }
    }
    ++m.entries;
    m.settle(t);
    mv.available = m.available(t);
    mv.frozen = m.frozen();
    mv.total = mv.available + mv.frozen;
    return e;
  }

  // -- batches: grants and deductions for several members in one call --

  struct BatchReq {
    std::string key;
    std::string reason;
    std::vector<std::pair<std::size_t, BatchItem>> items;  ///< member index (3: unknown), item

    std::string content() const {
      std::ostringstream s;
      s << "batch|" << reason;
      for (const auto& [u, item] : items) {
        s << "|" << u << "," << item.amount << "," << item.note << "," << item.event_type;
      }
      return s.str();
    }
    std::string describe() const {
      std::ostringstream s;
      s << "batch key=" << key << " reason=" << reason << " items=";
      for (const auto& [u, item] : items)
        s << "(" << u << " " << item.amount << " " << item.event_type << ")";
      return s.str();
    }
  };

  BatchReq random_batch() {
    const int r = static_cast<int>(uniform(0, 99));
    if (r < 20 && !batch_claimed_.empty()) {  // the same batch again
      auto it = batch_claimed_.begin();
      std::advance(it, uniform(0, static_cast<std::int64_t>(batch_claimed_.size()) - 1));
      return it->second.first;
    }
    BatchReq b;
    b.key = "b" + std::to_string(step_);
    if (r < 30 && !batch_claimed_.empty()) b.key = batch_claimed_.begin()->first;  // other content
    if (r >= 30 && r < 33 && !claimed_.empty())
      b.key = claimed_.begin()->second.first.key;  // a single op's key (staff's or a member's)
    b.reason = chance(0.03) ? "" : "campaign " + std::to_string(step_);
    const int n = static_cast<int>(uniform(1, 6));
    // Lots granted to one member in one batch share their creation instant;
    // with one expiry too, which of them a spend empties first is not
    // specified (and changes how many lots later expire): one grant per
    // expiry rule and member.
    std::set<std::pair<std::size_t, int>> granted;
    for (int i = 0; i < n; ++i) {
      const std::size_t u = chance(0.05) ? 3 : static_cast<std::size_t>(uniform(0, 2));
      BatchItem item;
      static const char* kEvents[] = {"PURCHASE", "SHORT", "QUARTER", "FOREVER", ""};
      const int event = static_cast<int>(uniform(0, 4));
      if (chance(0.5) && granted.insert({u, event == 4 ? 0 : event}).second) {
        item.amount = uniform(1, 800);
        item.event_type = kEvents[event];
      } else {
        const std::int64_t avail = u < 3 ? model_[u].available(now()) : 10;
        item.amount = -uniform(1, std::max<std::int64_t>(avail, 1) + 40);
      }
      if (chance(0.03)) item.amount = 0;
      item.note = chance(0.5) ? "" : "n" + std::to_string(i);
      b.items.emplace_back(u, item);
    }
    return b;
  }

  bool batch_step(const BatchReq& b) {
    clock_.advance(milliseconds(1));  // lots earned at distinct instants
    const std::int64_t t = now();
    // What the rules say.
    Errc want_code = Errc::ok;
    std::string says;
    bool replay = false;
    std::vector<Errc> want_items;
    std::int64_t want_amount = 0;
    std::vector<MAccount> next = model_;
    if (b.reason.empty()) {
      want_code = Errc::invalid_argument;
      says = "reason";
    } else if (claimed_.count(b.key) != 0) {
      want_code = Errc::conflict;
      says = "key";
    } else if (const auto it = batch_claimed_.find(b.key); it != batch_claimed_.end()) {
      if (it->second.first.content() != b.content()) {
        want_code = Errc::conflict;
        says = "key";
      } else {
        replay = true;
      }
    } else {
      std::vector<bool> touched(next.size(), false);
      for (const auto& [u, item] : b.items) {
        Errc code = Errc::ok;
        if (item.amount == 0) {
          code = Errc::invalid_argument;
        } else if (u >= next.size()) {
          code = Errc::not_found;
        } else if (!next[u].active) {
          code = Errc::failed_precondition;
        } else {
          MAccount& m = next[u];
          if (!touched[u]) {
            m.settle(t);
            touched[u] = true;
          }
          if (item.amount > 0) {
            std::int64_t expiry = 0;
            if (config_.asset == Asset::points) {
              const std::string event = item.event_type.empty() ? "BATCH" : item.event_type;
              const auto rule = policy_.expiry_months_by_event.find(event);
              const unsigned months = rule == policy_.expiry_months_by_event.end()
                                          ? policy_.expiry_months
                                          : rule->second;
              expiry = months == 0 ? 0 : model_add_months(t, months);
            }
            m.lots.push_back({item.amount, item.amount, 0, expiry, t});
            m.earned += item.amount;
            ++m.entries;
          } else if (-item.amount > m.available(t)) {
            code = config_.asset == Asset::points ? Errc::insufficient_points
                                                  : Errc::insufficient_funds;
          } else {
            m.take(-item.amount, t, false);
            m.spent += -item.amount;
            ++m.entries;
          }
        }
        want_items.push_back(code);
        if (code == Errc::ok) want_amount += item.amount;
      }
    }
    // What the ledger does.
    BatchRequest request{.key = b.key, .reason = b.reason};
    for (const auto& [u, item] : b.items) {
      BatchItem i = item;
      i.user_id = u < ids_.size() ? ids_[u] : unknown_id_;
      request.items.push_back(i);
    }
    BatchOutcome got;
    try {
      got = ledger_.apply_batch(kAdmin, request);
    } catch (const Error& e) {
      ++outcomes_[e.code()];
      const std::string text = std::string(e.what()) + " " + e.field();
      if (e.code() != want_code || text.find(says) == std::string::npos) {
        FAIL_CHECK("batch: expected " << to_string(want_code) << ", got " << to_string(e.code())
                                      << ": " << text);
        return false;
      }
      return true;
    }
    ++outcomes_[Errc::ok];
    if (want_code != Errc::ok) {
      FAIL_CHECK("batch: expected " << to_string(want_code) << " but it succeeded");
      return false;
    }
    if (replay) {
      const BatchOutcome& first = batch_claimed_[b.key].second;
      bool same = got.replayed && got.succeeded == first.succeeded && got.failed == first.failed &&
                  got.amount == first.amount && got.results.size() == first.results.size();
      for (std::size_t i = 0; same && i < got.results.size(); ++i) {
        same = got.results[i].code == first.results[i].code &&
               got.results[i].entry_id == first.results[i].entry_id;
      }
      CHECK_MESSAGE(same, "a repeated batch must answer its first outcome");
      ++replays_;
      return same;
    }
    bool ok = !got.replayed && got.results.size() == want_items.size() &&
              got.amount == want_amount && got.batch_id == b.key;
    std::int64_t succeeded = 0;
    for (std::size_t i = 0; ok && i < want_items.size(); ++i) {
      ok = got.results[i].index == i && got.results[i].code == want_items[i] &&
           got.results[i].entry_id.empty() == (want_items[i] != Errc::ok);
      succeeded += want_items[i] == Errc::ok;
    }
    ok = ok && got.succeeded == succeeded &&
         got.failed == static_cast<std::int64_t>(want_items.size()) - succeeded;
    if (!ok) {
      std::ostringstream codes;
      for (const auto& r : got.results) codes << to_string(r.code) << " ";
      codes << "| expected ";
      for (const Errc c : want_items) codes << to_string(c) << " ";
      FAIL_CHECK("batch outcome differs: amount=" << got.amount << " (expected " << want_amount
                                                  << ") items: " << codes.str());
      return false;
    }
    model_ = std::move(next);
    batch_claimed_[b.key] = {b, got};
    return true;
  }

  Movement execute(const Req& q) {
    const std::string& user = ids_[q.user];
    const Actor actor = q.actor_user ? Actor::user(ids_[*q.actor_user]) : kAdmin;
    const auto at = [](std::optional<std::int64_t> ms) -> std::optional<TimePoint> {
      if (!ms) return std::nullopt;
      return TimePoint{milliseconds(*ms)};
    };
    switch (q.op) {
      case Op::earn:
        return ledger_.earn(actor, {.user_id = user,
                                    .amount = q.amount,
                                    .key = q.key,
                                    .event_type = q.event,
                                    .description = q.text});
      case Op::use:
        return ledger_.use(actor, {.user_id = user,
                                   .amount = q.amount,
                                   .key = q.key,
                                   .description = q.text,
                                   .order_amount = q.order_amount});
      case Op::freeze:
        return ledger_.freeze(actor, {.user_id = user,
                                      .amount = q.amount,
                                      .key = q.key,
                                      .description = q.text,
                                      .expires_at = at(q.expires_at)});
      case Op::capture:
        return ledger_.capture(actor, {.user_id = user,
                                       .hold_id = q.hold_id,
                                       .amount = q.amount,
                                       .key = q.key,
                                       .description = q.text});
      case Op::release:
        return ledger_.release(actor, {.user_id = user, .hold_id = q.hold_id, .key = q.key});
      case Op::adjust:
        return ledger_.adjust(
            actor, {.user_id = user, .amount = q.amount, .key = q.key, .reason = q.text});
    }
    throw std::logic_error("unknown op");
  }

  bool request_step(const Req& q) {
    if (q.op == Op::earn || (q.op == Op::adjust && q.amount > 0)) {
      clock_.advance(milliseconds(1));  // lots earned at distinct instants
    }
    MAccount next = model_[q.user];
    const Expect want = expected(q, next);
    std::optional<Movement> got;
    std::optional<Error> failed;
    try {
      got = execute(q);
    } catch (const Error& e) {
      failed = e;
    }
    ++outcomes_[failed ? failed->code() : Errc::ok];
    if (want.code != Errc::ok) {
      if (!failed) {
        FAIL_CHECK("expected " << to_string(want.code) << " but it succeeded");
        return false;
      }
      bool ok = true;
      if (failed->code() != want.code) {
        FAIL_CHECK("expected " << to_string(want.code) << ", got " << to_string(failed->code())
                               << ": " << std::string(failed->what()));
        ok = false;
      }
      if (want.shortage && failed->shortage() != want.shortage) {
        FAIL_CHECK("shortage " << failed->shortage().value_or(-1) << ", expected "
                               << *want.shortage);
        ok = false;
      }
      const std::string text = std::string(failed->what()) + " " + failed->field();
      if (!want.says.empty() && text.find(want.says) == std::string::npos) {
        FAIL_CHECK("the error should mention \"" << want.says << "\": " << text);
        ok = false;
      }
      if (want.code != Errc::conflict) failed_keys_.push_back(q.key);
      return ok;
    }
    if (failed) {
      FAIL_CHECK("expected success, got " << to_string(failed->code()) << ": "
                                          << std::string(failed->what()));
      return false;
    }
    const Movement& w = want.movement;
    const Movement& g = *got;
    bool ok = g.replayed == want.replay && g.kind == w.kind && g.amount == w.amount &&
              g.frozen_change == w.frozen_change && g.available == w.available &&
              g.frozen == w.frozen && g.total == w.total && g.expires_at == w.expires_at &&
              g.discount == w.discount && g.final_amount == w.final_amount;
    if (want.replay) {
      ok = ok && g.entry_id == w.entry_id && g.hold_id == w.hold_id;
      ++replays_;
    } else if (q.op == Op::freeze) {
      ok = ok && !g.hold_id.empty() && g.hold_id == g.entry_id;
    } else if (q.op == Op::capture || q.op == Op::release) {
      ok = ok && g.hold_id == q.hold_id;
    }
    if (!ok) {
      FAIL_CHECK("movement differs: got " << show(g) << "; expected " << show(w));
      return false;
    }
    if (want.replay) return true;  // nothing changes
    if (q.op == Op::freeze) next.holds.back().id = g.hold_id;
    model_[q.user] = std::move(next);
    Req stored = q;
    stored.actor_user.reset();
    claimed_[key_space(q.actor_user, q.key)] = {stored, g};
    return true;
  }

  /// Where a key lives: the tenant's space (staff) or a member's own.
  static std::string key_space(std::optional<std::size_t> member, const std::string& key) {
    return member ? "member " + std::to_string(*member) + ": " + key : key;
  }

  static std::string show(std::optional<TimePoint> t) {
    return t ? std::to_string(ms_of(*t)) : "none";
  }

  static std::string show(const Movement& m) {
    std::ostringstream s;
    s << "{kind=" << to_string(m.kind) << " amount=" << m.amount
      << " frozen_change=" << m.frozen_change << " available=" << m.available
      << " frozen=" << m.frozen << " total=" << m.total
      << " expires_at=" << (m.expires_at ? std::to_string(ms_of(*m.expires_at)) : "none")
      << " discount=" << m.discount << " final=" << m.final_amount << " hold=" << m.hold_id
      << " replayed=" << m.replayed << "}";
    return s.str();
  }

  bool expire_step() {
    const std::int64_t t = now();
    Settled want;
    std::int64_t accounts = 0;
    std::vector<MAccount> next = model_;
    for (MAccount& m : next) {
      const Settled s = m.settle(t);
      want.holds += s.holds;
      want.lots += s.lots;
      want.amount += s.amount;
      accounts += s.holds + s.lots > 0 ? 1 : 0;
    }
    const ExpiryReport got = ledger_.expire_due(kSystemActor);
    if (got.holds != want.holds || got.lots != want.lots || got.amount != want.amount ||
        got.accounts != accounts || got.more) {
      FAIL_CHECK("expire_due reported accounts="
                 << got.accounts << " holds=" << got.holds << " lots=" << got.lots << " amount="
                 << got.amount << " more=" << got.more << "; expected accounts=" << accounts
                 << " holds=" << want.holds << " lots=" << want.lots << " amount=" << want.amount);
      return false;
    }
    expired_lots_ += want.lots;
    timed_out_ += want.holds;
    model_ = std::move(next);
    return true;
  }

  bool check_summaries() {
    bool ok = true;
    const std::int64_t t = now();
    for (std::size_t u = 0; u < ids_.size(); ++u) {
      const seconds window = u == 0 ? seconds(Days(30)) : seconds(Days(400));
      const Summary want =
          model_[u].summary(t, std::chrono::duration_cast<milliseconds>(window).count());
      const Summary got = ledger_.summary(kAdmin, ids_[u], window);
      if (got.available != want.available || got.frozen != want.frozen || got.total != want.total ||
          got.expiring != want.expiring || got.next_expiry != want.next_expiry) {
        FAIL_CHECK("summary of user "
                   << u << ": got available=" << got.available << " frozen=" << got.frozen
                   << " total=" << got.total << " expiring=" << got.expiring << " next_expiry="
                   << show(got.next_expiry) << "; expected available=" << want.available
                   << " frozen=" << want.frozen << " total=" << want.total
                   << " expiring=" << want.expiring << " next_expiry=" << show(want.next_expiry));
        ok = false;
      }
      if (got.available < 0 || got.frozen < 0) ok = false;
    }
    return ok;
  }

  bool check_totals() {
    bool ok = true;
    for (std::size_t u = 0; u < ids_.size(); ++u) {
      HistoryQuery q;
      q.user_id = ids_[u];
      q.page.limit = 1;
      const History h = ledger_.history(kAdmin, q);
      const MAccount& m = model_[u];
      if (h.total != m.entries || h.earned != m.earned || h.spent != m.spent) {
        FAIL_CHECK("journal of user " << u << ": entries=" << h.total << " earned=" << h.earned
                                      << " spent=" << h.spent << "; expected entries=" << m.entries
                                      << " earned=" << m.earned << " spent=" << m.spent);
        ok = false;
      }
      if (probe_ != nullptr) {
        const auto [posted, frozen] = raw_balance(*probe_, ids_[u], config_.asset);
        if (posted != m.posted() || frozen != m.frozen()) {
          FAIL_CHECK("balance row of user " << u << ": posted=" << posted << " frozen=" << frozen
                                            << "; expected posted=" << m.posted()
                                            << " frozen=" << m.frozen());
          ok = false;
        }
      }
    }
    if (probe_ != nullptr) ok = check_invariants(*probe_) && ok;
    return ok;
  }

  System& sys_;
  Ledger& ledger_;
  ManualClock& clock_;
  SqlProbe* probe_;
  RunConfig config_;
  LedgerPolicy policy_;
  std::mt19937_64 rng_;
  std::vector<std::string> ids_;
  const std::string unknown_id_ = detail::new_user_id();  ///< a member nobody registered
  std::vector<MAccount> model_;
  std::map<std::string, std::pair<Req, Movement>> claimed_;
  std::map<std::string, std::pair<BatchReq, BatchOutcome>> batch_claimed_;
  std::vector<std::string> failed_keys_;
  std::map<Errc, int> outcomes_;
  int replays_ = 0;
  std::int64_t expired_lots_ = 0;
  std::int64_t timed_out_ = 0;
  std::int64_t split_captures_ = 0;
  std::int64_t dead_resolves_ = 0;
  int step_ = 0;
};

std::uint64_t model_seed() {
  if (const char* env = std::getenv("MEMBER_TEST_SEED"); env != nullptr && *env != '\0') {
    return std::strtoull(env, nullptr, 10);
  }
  return static_cast<std::uint64_t>(std::chrono::steady_clock::now().time_since_epoch().count()) %
         1'000'000'007ULL;
}

int model_ops(int fallback) {
  if (const char* env = std::getenv("MEMBER_TEST_MODEL_OPS"); env != nullptr && *env != '\0') {
    return std::atoi(env);
  }
  return fallback;
}

Options model_options(Options o, std::shared_ptr<ManualClock> clock) {
  o.points = model_policy();
  o.clock = std::move(clock);
  o.durability = Durability::normal;
  return o;
}

void run_model(Options base, SqlProbe* probe, RunConfig config) {
  const std::uint64_t seed = model_seed();
  CAPTURE(seed);
  MESSAGE("model seed " << seed << " (MEMBER_TEST_SEED=" << seed << " replays this run)");
  auto clock = std::make_shared<ManualClock>(start_time());
  System sys(model_options(std::move(base), clock));
  ModelRun run(sys, *clock, probe, config, seed);
  run.run();
}

}  // namespace

TEST_CASE("C1 model: random operations on a file database agree with the reference model") {
  TempDir dir;
  SqliteProbe probe(dir.file("member.db"));
  run_model(file_options(dir), &probe, {.asset = Asset::points, .ops = model_ops(3000)});
}

TEST_CASE("C1 model: random operations on \":memory:\" agree with the reference model") {
  run_model(memory_options(), nullptr, {.asset = Asset::points, .ops = model_ops(2500)});
}

TEST_CASE("C7 model: random wallet operations agree with the reference model") {
  TempDir dir;
  SqliteProbe probe(dir.file("member.db"));
  run_model(file_options(dir), &probe, {.asset = Asset::money, .ops = model_ops(1500)});
}

#ifdef MEMBER_TEST_WITH_POSTGRES
TEST_CASE("C1 model postgres: random operations agree with the reference model") {
  const auto server = postgres_server();
  if (!server) return;
  const std::string conninfo = fresh_postgres_schema(*server);
  auto probe = postgres_probe(conninfo);
  Options o;
  o.database = conninfo;
  o.master_key = kTestMasterKey;
  o.password_hashing = cheap_hashing();
  o.pool_size = 2;
  run_model(std::move(o), probe.get(),
            {.asset = Asset::points, .ops = model_ops(500), .check_every = 50});
}
#endif

}  // namespace member::test
