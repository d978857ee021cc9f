// The text boundary of solve and sweep (report.cpp, sweep_report.cpp): untrusted scenario text parsed
// with a bounded size and depth, and every exception turned into the error JSON of DESIGN.md §3.
#pragma once

#include <exception>
#include <string>

#include <nlohmann/json.hpp>

#include "mlsysim/error.hpp"

namespace mlsysim::report_guard {

constexpr int kSchema = 1;  // the "schema" of every result and error

/** {"schema":1,"ok":false,"error":{"path":…,"message":…}} */
std::string error_text(const std::string& path, const std::string& message);

/** Parses untrusted text with bounded size and depth; errors are InputError at the root. */
nlohmann::json parse_text(const std::string& text);

/** The scenario's "detail" (README "Result detail"): full (the default) or summary. */
enum class Detail { kFull, kSummary };
Detail read_detail(const nlohmann::json& scenario);

/** body()'s text, or the error JSON of what it threw (InputError: its path and message). */
template <class F>
std::string guarded(F&& body) {
  try {
    return body();
  } catch (const InputError& e) {
    return error_text(e.path(), e.what());
  } catch (const std::exception& e) {
    return error_text("", std::string("internal error: ") + e.what());
  } catch (...) {
    return error_text("", "internal error");
  }
}

}  // namespace mlsysim::report_guard
