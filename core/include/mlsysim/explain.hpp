// The explanation trace: one entry per equation used, with its inputs, their units and sources.
#pragma once
#include <string>
#include <vector>

#include "mlsysim/json_writer.hpp"

namespace mlsysim {

struct ExplainInput {
  std::string symbol;
  double value;
  std::string unit;
  std::string source;  // empty when derived in this trace
};

struct ExplainEntry {
  std::string quantity;  // result path, e.g. "performance.latency_s"
  std::string equation;
  std::vector<ExplainInput> inputs;
  std::string source;    // the MODELS.md section
};

// [{quantity, equation, inputs:{sym:value}, units:{sym:unit}, sources:{sym:source}, source}]
void write_explain(JsonWriter& w, const std::vector<ExplainEntry>& entries);

}  // namespace mlsysim
