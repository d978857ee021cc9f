# The CLI contract (DESIGN.md §3): eval prints the table, solve prints the Result JSON and exits 0,
# invalid input exits 2 with the error JSON, catalog lists entries.
function(run expected_code)
  execute_process(COMMAND ${CLI} ${ARGN} RESULT_VARIABLE code OUTPUT_VARIABLE out ERROR_VARIABLE err)
  if(NOT code EQUAL expected_code)
    message(FATAL_ERROR "mlsysim ${ARGN}: exit ${code}, expected ${expected_code}\n${out}\n${err}")
  endif()
  set(out "${out}" PARENT_SCOPE)
endfunction()

function(expect text)
  string(FIND "${out}" "${text}" at)
  if(at EQUAL -1)
    message(FATAL_ERROR "expected '${text}' in:\n${out}")
  endif()
endfunction()

run(0 eval ResNet50 A100 --batch-size 1 --precision fp16)
expect("bottleneck             memory-bound")
expect("latency                588.1 µs")
expect("throughput             1700 samples/s")
expect("MFU                    4.5 %")
expect("1.0 GiB used / 80.0 GiB (fits)")
expect("68.8 FLOP/B vs ridge 114.8 FLOP/B")
# §M bands beside the headline numbers: the same values as the result's "bands" block (solve prints
# performance.latency_s ≈ [3.225e-4, 1.120e-3] for this scenario).
expect("latency                588.1 µs  (band 322.5 µs – 1.120 ms)")
expect("MFU                    4.5 %  (band 2.3 % – 8.2 %)")

run(0 eval ResNet50 A100 --batch-size 256)
expect("compute-bound")

run(2 eval ResNet50 A100 --batch-size 0)
expect("\"path\": \"batch_size\"")
expect("must be an integer ≥ 1 (got 0)")

run(2 eval ResNet5 A100)
expect("did you mean ResNet50")

run(2 eval ResNet50 A100 --batch-size abc)
expect("must be a number (got 'abc')")

run(0 eval Llama3_8B H100 --mode serving)
expect("time to first token    58.354 ms  (band 45.405 ms – 83.763 ms)")
expect("time per output token  18.112 ms  (band 14.834 ms – 23.859 ms)")

run(0 solve ${SRC}/tests/cli/resnet50_a100.json)
expect("\"ok\": true")
expect("\"bottleneck\": \"memory\"")

run(2 solve ${SRC}/tests/cli/bad_batch.json)
expect("\"ok\": false")

run(2 solve /no/such/file.json)
expect("cannot read")

run(0 catalog hardware)
expect("hardware (45)")
expect("H100")

run(0 catalog models)
expect("Llama3_70B")

run(0 catalog regions)
expect("Quebec")

run(2 frobnicate)
expect("unknown command 'frobnicate'")

run(0 eval Llama3_70B H100 --mode serving --tp 8 --batch-size 32 --precision bf16 --output-len 256)
expect("time to first token    102.581 ms")
expect("time per output token  17.822 ms")

run(2 eval Llama3_70B H100 --mode serving --tp 3)
expect("\"path\": \"cluster.tp\"")

run(0 eval Llama2_7B A100 --mode training --batch-size 8 --optimizer adamw --zero 0)
expect("does NOT fit")
expect("optimizer")

# Issue 3/6: the training table (W3) and the stand-alone collective.
run(0 eval Llama3_70B H100 --mode training --gpus 1024 --tp 8 --pp 4 --batch-size 1024 --seq-len 8192 --precision bf16 --tokens 15e12)
expect("tp=8 pp=4 dp=32 cp=1 ep=1 m=32")
expect("step time                9.551 s")
expect("MFU / HFU                39.0 % / 39.4 %")
expect("scaling efficiency       0.694")
expect("goodput                  0.9884")
expect("carbon of the run        1995634 kgCO2e (embodied 85096 kg), 4453 MWh")
expect("cost per 1M tokens       0.954 USD (cloud 1.311 USD)")

run(2 eval Llama3_70B H100 --mode training --gpus 1024 --tp 8 --pp 4 --fabric InfiniBand_NRD)
expect("\"path\": \"cluster.fabric\"")
expect("did you mean InfiniBand_NDR")

run(0 collective all_reduce 1e9 256 --algorithm ring)
expect("ring (inter-node)")
expect("52.355 ms")

# Issue 4/6: energy, cost and queueing rows (W2 / W7).
run(0 eval Llama3_70B H100 --mode serving --tp 8 --batch-size 32 --precision bf16 --output-len 256 --arrival-rate 5.8 --slo-p99 5)
expect("energy per token       3.36 J IT, 3.763 J at the facility")
expect("region                 US_Avg (429 gCO2e/kWh, PUE 1.12)")
expect("cost per 1M tokens     3.596 USD (cloud 4.951 USD)")
expect("p99 response           5.921 s")
expect("SLO attainment         90.6 % within 5 s")
expect("replicas for the SLO   2 (16 GPUs)")

run(0 eval Llama3_70B H100 --mode serving --tp 8 --precision bf16 --output-len 256 --arrival-rate 20 --slo-p99 5 --region quebec --years 5)
expect("utilization            2.852 (UNSTABLE)")
expect("replicas for the SLO   4 (32 GPUs)")
expect("Quebec (20 gCO2e/kWh, PUE 1.06)")
expect("over 5 years")

run(2 eval ResNet50 A100 --region Mars)
expect("\"path\": \"site.region\"")
expect("unknown region 'Mars'")

run(2 eval ResNet50 A100 --arrival-rate -1)
expect("\"path\": \"traffic.arrival_rate\"")
expect("must be > 0 (got -1)")

run(2 eval ResNet50 A100 --years 0)
expect("\"path\": \"site.years\"")
