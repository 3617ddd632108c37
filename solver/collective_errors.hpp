// Errors that only some ranks see (a check of their own block, their own device's free
// memory) must stop every rank at the same point, or the others wait forever in the next
// collective. These helpers agree on the lowest failing rank's CaseError and throw it on
// every rank.
#pragma once

#include <functional>
#include <string>

#include "comm.hpp"
#include "rackflow/case_error.hpp"

namespace rackflow::solver {

// The lowest rank's non-empty `mine`, on every rank ("" when no rank has one). Collective.
std::string first_error(const Comm& comm, const std::string& mine);

// CaseError to a string and back, its place in the case file intact.
std::string encode_case_error(const CaseError& e);
CaseError decode_case_error(const std::string& text);

// Runs `check` on every rank; if it throws CaseError on any, every rank throws the lowest
// failing rank's. Collective.
void check_on_all_ranks(const Comm& comm, const std::function<void()>& check);

}  // namespace rackflow::solver
