// The embind boundary (DESIGN.md §1): JSON text in, JSON text out. No model logic here; every
// exception is caught in core (mlsysim::solve_text never throws) and answered as error JSON.
#include <emscripten/bind.h>
#include <emscripten/val.h>

#include <string>
#include <vector>

#include "mlsysim/report.hpp"

namespace {

std::string solve(const std::string& scenario) { return mlsysim::solve_text(scenario); }
std::string catalog() { return mlsysim::catalog_text(); }

// values: a JS array (or typed array) of numbers.
std::string sweep(const std::string& scenario, const std::string& field, const emscripten::val& values) {
  std::vector<double> xs;
  const unsigned n = values["length"].as<unsigned>();
  xs.reserve(n);
  for (unsigned i = 0; i < n; ++i) xs.push_back(values[i].as<double>());
  return mlsysim::sweep_text(scenario, field, xs);
}

}  // namespace

EMSCRIPTEN_BINDINGS(mlsysim) {
  emscripten::function("solve", &solve);
  emscripten::function("catalog", &catalog);
  emscripten::function("sweep", &sweep);
}
