// Types of the MLSys·im engine (DESIGN.md §3 "Scenario JSON", "Result JSON", "JavaScript (wasm)").
// Every value is SI: seconds, bytes, FLOP, FLOP/s, B/s, W, kWh, kg CO2e, litres, USD. A section that
// does not apply is absent (never zero-filled); a field whose input is absent is omitted. A number the
// engine cannot compute finitely is written as null and named by a NONFINITE warning, so numbers a
// consumer divides by are worth a Number.isFinite check.
//
// These types are checked against real engine output: tests/package/ type-checks every fixture's
// result and a set of scenarios covering each section with `tsc --strict` (object literals: an
// undeclared field is an error), so a field added to the engine must be added here.

export type Mode = 'inference' | 'serving' | 'training';
export type Precision = 'fp32' | 'tf32' | 'bf16' | 'fp16' | 'fp8' | 'int8' | 'fp4' | 'int4';
/** A catalog name ('Llama3_70B', 'H100'; case-insensitive, aliases accepted). */
export type Name = string;
/** A number in the field's SI unit, or a unit string ("3.35 TB/s", "80 GiB", "9 years"). */
export type Quantity = number | string;

// ---- Scenario ---------------------------------------------------------------------------------

/** A Hugging Face config.json as published (other keys are reported as UNKNOWN_FIELD warnings). */
export interface HFConfig {
  name?: string;
  hidden_size: number;
  num_hidden_layers: number;
  num_attention_heads: number;
  num_key_value_heads?: number;
  head_dim?: number;
  intermediate_size?: number;
  vocab_size?: number;
  num_local_experts?: number;
  n_routed_experts?: number;
  num_experts_per_tok?: number;
  kv_lora_rank?: number;
  sliding_window?: number | null;
  tie_word_embeddings?: boolean;
  max_position_embeddings?: number;
  [key: string]: unknown;
}

/** A workload given by its totals (no architecture): params and FLOPs per sample. */
export interface GenericWorkload {
  type: 'generic';
  name?: string;
  params: Quantity;
  flops_per_sample: Quantity;
  activation_bytes_per_sample?: Quantity;
}

/** An inline device; quantities are unit strings ("3.35 TB/s", "80 GiB", "989 TFLOP/s") or SI numbers. */
export interface InlineDevice {
  name?: string;
  display_name?: string;
  category?: string;
  notes?: string;
  release_year?: number;
  /** One rate, or rates by precision ({"bf16": "989 TFLOP/s", "fp8": "1979 TFLOP/s"}). */
  peak_flops: Quantity | Partial<Record<Precision, Quantity>>;
  peak_precision?: Precision;
  precision_flops?: Partial<Record<Precision, Quantity>>;
  memory_capacity: Quantity;
  memory_bandwidth: Quantity;
  memory_reserve?: Quantity;
  host_link_bandwidth?: Quantity;
  scale_up_bandwidth?: Quantity;
  scale_up_latency?: Quantity;
  tdp?: Quantity;
  unit_cost?: Quantity;
  dispatch_tax?: Quantity;
  embodied_carbon?: Quantity;
  source?: string;
}

/** A fabric by its figures instead of a catalog name. */
export interface InlineFabric {
  bandwidth: Quantity;
  latency?: Quantity;
  oversubscription?: number;
}

export type Recompute = 'none' | 'selective' | 'full';

export interface Cluster {
  gpus?: number; gpus_per_node?: number; tp?: number; pp?: number; dp?: number; ep?: number; cp?: number;
  microbatches?: number; virtual_stages?: number; zero?: 0 | 1 | 2 | 3; recompute?: Recompute;
  fabric?: Name | InlineFabric; nics_per_node?: number; pp_schedule?: 'gpipe' | '1f1b'; sequence_parallel?: boolean;
  oversubscription?: number;
}

export interface TrainingInput {
  tokens?: number; samples?: number; target_days?: number; search?: boolean; search_top_k?: number;
  optimizer?: 'adamw' | 'adam' | 'sgd' | 'adafactor'; grad_bytes?: number; logit_bytes?: number;
}

/** §I failures and checkpoints: times and bandwidths as numbers in the key's unit or unit strings. */
export interface ReliabilityInput {
  gpu_mtbf_h?: Quantity; nic_mtbf_h?: Quantity; link_switch_mtbf_h?: Quantity; host_mtbf_h?: Quantity;
  software_mtbf_h?: Quantity; storage_bw_per_node_Bps?: Quantity; checkpoint_bytes_per_param?: number;
  restart_s?: Quantity; checkpoint_interval_s?: Quantity;
}

export type QueueModel = 'mgc' | 'mmc' | 'mm1' | 'md1' | 'mg1';

export interface Traffic { arrival_rate: number; slo_p99_s?: number; model?: QueueModel; service_cv?: number; max_replicas?: number }

export interface Site {
  region?: Name; pue?: number; wue?: Quantity; carbon_intensity?: Quantity; carbon_intensity_marginal?: Quantity;
  ewif?: Quantity; years?: number; utilization?: number; price_per_kwh?: Quantity; compare_regions?: Name[];
}

export interface EnergyInput { idle_fraction?: number; host_power_fraction?: number; host_power_fraction_peak?: number; embodied_host_kg_per_gpu?: Quantity }

export interface CostInput {
  unit_cost?: Quantity; server_fraction?: number; network_fraction?: number; storage_fraction?: number;
  facility_usd_per_w?: number; facility_years?: number; colo_usd_per_kw_month?: number; maintenance_fraction?: number;
  staff_usd_per_year?: number; cloud_usd_per_gpu_hour?: number;
}

export interface Efficiency {
  compute?: number; compute_lowp?: number; attention?: number; memory?: number; network?: number; overhead_s?: number;
  step_overhead_s?: number; dp_overlap?: number; tp_overlap?: number; cp_overlap?: number; moe_imbalance?: number;
  dequant_overhead?: number;
}

export interface MemoryInput { usable_fraction?: number; reserve_bytes?: Quantity }

export interface Speculative { gamma?: number; acceptance_rate?: number; draft_model?: Name | HFConfig; draft_cost_ratio?: number }

export interface ServingInput {
  chunked_prefill?: boolean; page_tokens?: number; prefix_hit_ratio?: number; request_overhead_s?: number;
  speculative?: Speculative; max_batched_tokens?: number;
}

export interface QuantInput {
  weights?: Precision | string; activations?: Precision | string; kv?: Precision | string; group_size?: number;
  scale_bytes?: number; quantize_lm_head?: boolean; baseline?: Precision;
}

export interface NetworkInput { hop_latency_s?: number; intra_hops?: number; extra_inter_hops?: number; algorithm?: 'auto' | 'ring' | 'tree' | 'hierarchical' }

export interface Scenario {
  schema?: 1;
  model: Name | HFConfig | GenericWorkload;
  hardware: Name | InlineDevice;
  mode?: Mode;
  precision?: Precision;
  batch_size?: number;
  seq_len?: number;
  output_len?: number;
  cluster?: Cluster;
  training?: TrainingInput;
  reliability?: ReliabilityInput;
  traffic?: Traffic;
  site?: Site;
  energy?: EnergyInput;
  cost?: CostInput;
  efficiency?: Efficiency;
  memory?: MemoryInput;
  serving?: ServingInput;
  quant?: QuantInput;
  network?: NetworkInput;
  /** "summary" leaves out explain, per-operator tables, curves and region lists (README "Result detail"). */
  detail?: 'full' | 'summary';
}

// ---- Result -----------------------------------------------------------------------------------

export type Bottleneck = 'memory' | 'compute' | 'communication';
export type Bound = 'memory' | 'compute' | 'communication';

export interface Workload {
  name: string; display_name: string; kind: 'cnn' | 'decoder' | 'encoder' | 'generic'; params: number; active_params: number;
  layers: number; flops_per_sample: number; flops_per_sample_unit: 'token' | 'sample';
  /** Decoders only. */
  kv_cache_bytes_per_token?: number;
  kv_cache_bytes_per_token_effective?: number;
}

export interface DeviceSummary {
  name: string; display_name: string; precision: Precision; peak_flops: number; memory_bandwidth: number; memory_capacity: number;
}

export interface SweepPoint {
  batch: number; latency_s: number; throughput_per_s: number; arithmetic_intensity: number; flops: number; bytes: number;
  bottleneck: Bottleneck; compute_bound: boolean; fits: boolean;
}

/** One operator class: totals of a pass (performance.operators). */
export interface OperatorRow {
  name: string; flops: number; bytes: number; t_compute_s: number; t_memory_s: number; time_s: number; bound: Bound;
}

/** One operator of a phase: per layer of one layer type, or once per pass. */
export interface PhaseOperatorRow extends OperatorRow {
  per: 'layer' | 'pass'; layer_type: string; layer_count: number;
}

export interface Phase {
  t_compute_s: number; t_memory_s: number; t_comm_s: number; time_s: number; flops: number; bytes: number;
  arithmetic_intensity: number; bottleneck: Bottleneck;
  operators_scope?: string;
  operators?: PhaseOperatorRow[];
}

export interface PrecisionPlan { weights: string; activations: string; kv: string; compute: string }

export interface Performance {
  bottleneck: Bottleneck;
  compute_bound_time_fraction: number;
  latency_s: number;
  throughput_per_s: number;
  throughput_unit: 'tokens/s' | 'samples/s';
  /** One pass (CNN, encoder), the whole generation (decoder inference), one iteration (serving), one step (training). */
  scope: 'pass' | 'generation' | 'iteration' | 'step';
  mfu: number;
  hfu: number;
  arithmetic_intensity: number;
  ridge_point: number;
  ridge_point_peak: number;
  effective_flops: number;
  effective_bandwidth: number;
  t_compute_s: number;
  t_memory_s: number;
  t_comm_s: number;
  overhead_s: number;
  overhead_fraction: number;
  busy_fraction: number;
  flops: number;
  bytes: number;
  /** Training: the pipeline bubble of one step. */
  bubble_s?: number;
  /** Inference and serving. */
  precision_plan?: PrecisionPlan;
  /** The first swept batch that is compute-bound, or null when none is (inference and serving). */
  crossover_batch?: number | null;
  phases?: { prefill: Phase; decode: Phase; iteration?: Phase };
  operators?: OperatorRow[];
  sweep?: SweepPoint[];
}

export interface MemoryBreakdown {
  weights: number;
  /** Inference and serving. */
  kv_cache?: number; workspace?: number;
  /** Training. */
  gradients?: number; optimizer?: number; activations?: number; logits?: number;
  reserve: number;
}

export interface Memory {
  required_bytes: number;
  capacity_bytes: number;
  usable_bytes: number;
  fits: boolean;
  max_batch: number;
  breakdown: MemoryBreakdown;
  /** Training only. */
  microbatch_size?: number; max_microbatch_size?: number; microbatches?: number; params_per_gpu?: number;
  optimizer?: string; zero?: number; recompute?: Recompute;
}

export interface Serving {
  ttft_s: number; itl_s: number; request_latency_s: number; tokens_per_s: number; tokens_per_s_per_gpu: number;
  prefill_s: number; decode_step_s: number; kv_cache_bytes_per_token: number; kv_cache_bytes_per_seq: number;
  max_batch: number;
  /** KV cache over the memory left for it; absent when weights, workspace and reserve leave none. */
  kv_utilization?: number;
  /** Mode serving. */
  scheduler?: 'chunked prefill' | 'not chunked'; prefills_per_iteration?: number; iteration_tokens?: number; prefix_cached_tokens?: number;
  /** Speculative decoding. */
  spec_tokens_per_step?: number; draft_step_s?: number; verify_step_s?: number;
}

export interface Quantization {
  weights: string; activations: string; kv: string; compute: string; weight_only: boolean; b_w: number; b_kv: number;
  group_size: number; scale_bytes: number; quantize_lm_head: boolean; weight_bytes: number; baseline: string;
  baseline_b_w: number; baseline_weight_bytes: number; weight_ratio: number; compression_ratio: number;
  /** Against the baseline when the device runs it: prefill/decode for decoders, one pass otherwise. */
  speedup_prefill?: number; speedup_decode?: number; speedup?: number;
  /** A prior from the literature, not a prediction. */
  accuracy_prior: { low_pts: number; high_pts: number; label: string; rows: string[]; sources: string[]; source: string };
}

export interface Layout {
  tp: number; pp: number; dp: number; cp: number; ep: number; microbatches: number; virtual_stages: number; zero: number;
  recompute: Recompute; microbatch_size: number; gpus: number;
}

export interface SearchRow extends Layout {
  step_time_s: number; tokens_per_s?: number; samples_per_s?: number; mfu: number; required_bytes: number;
}

export interface CollectiveGroup {
  name: string; op: string; ranks: number; stride: number; n_loc: number; n_nod: number; bytes: number; level: string;
  algorithm: string; inter_algorithm: string; time_s: number; count_per_step: number;
}

export interface Training {
  step_time_s: number;
  /** Transformers: tokens; other workloads: samples. */
  tokens_per_s?: number; tokens_per_s_per_gpu?: number; tokens?: number;
  samples_per_s?: number; samples_per_s_per_gpu?: number; samples?: number;
  mfu: number; mfu_16: number; hfu: number;
  bubble_fraction: number; bubble_overhead: number; bubble_s: number; comm_fraction: number; busy_fraction: number;
  scaling_efficiency: number; single_gpu_rate_per_s: number;
  time_to_train_s: number; effective_time_to_train_s: number;
  /** With training.target_days: the GPUs the target needs (null when no layout reaches it). */
  target_days?: number; gpus_needed?: number | null; gpus_needed_first_order?: number;
  gpus_needed_layout?: Layout & { step_time_s: number; effective_time_to_train_s: number };
  microbatch_size: number;
  layout: Layout & { schedule: 'none' | 'gpipe' | '1f1b' | 'interleaved 1f1b'; gpus_per_node: number; nodes: number };
  comm: { tp: number; cp: number; ep: number; pp: number; dp: number; unit: string };
  microbatch: {
    tokens: number; stage_layers: number; t_f_s: number; t_b_s: number; t_r_s: number; t_stage_s: number; t_edge_s: number;
    t_tp_s: number; t_ep_s: number; t_cp_s: number; t_pp_s: number; overhead_s: number; t_mb_s: number;
  };
  pipeline_s: number; dp_sync_s: number; dp_sync_exposed_s: number; optimizer_s: number; step_overhead_s: number;
  network: {
    fabric: string; fabric_display_name: string; algorithm: string; alpha_intra_s: number; beta_intra_Bps: number;
    alpha_inter_s: number; beta_inter_Bps: number; gpus_per_node: number; nics_per_node: number; groups: CollectiveGroup[];
  };
  /** With training.search: the best layouts and why the others failed. */
  search?: SearchRow[];
  search_stats?: { candidates: number; feasible: number; rejected: { memory: number; divisibility: number }; truncated: boolean };
}

export interface EnergyRegion {
  region: string; display_name: string; pue: number; ci: number; wue: number; energy_kwh: number; carbon_kg: number;
  carbon_operational_kg: number; carbon_embodied_kg: number; water_l: number; selected: boolean;
}

export interface Energy {
  region: {
    name: string; display_name: string; pue: number; ci: number; wue: number; ewif: number; ci_marginal?: number;
    year: number | null; source: string; utilization: number; years: number;
  };
  /** One year of serving, one batch of inference, or the whole training run. */
  scope: 'year' | 'batch' | 'run'; scope_s: number; unit: 'token' | 'sample'; scope_units: number;
  gpus: number; tdp_w: number; busy_fraction: number;
  power_gpu_w: number; power_host_w: number; power_w: number; power_facility_w: number; power_avg_w: number;
  energy_kwh: number; energy_it_kwh: number; joules_per_unit: number; joules_per_unit_facility: number;
  carbon_kg: number; carbon_operational_kg: number; carbon_embodied_kg: number; carbon_marginal_kg?: number;
  water_l: number; water_onsite_l: number; water_offsite_l: number;
  g_co2_per_million_tokens?: number; g_co2_per_million_samples?: number;
  units_per_year: number; energy_kwh_per_year: number; carbon_kg_per_year: number; carbon_operational_kg_per_year: number;
  carbon_embodied_kg_per_year: number; water_l_per_year: number;
  regions: EnergyRegion[];
  carbon_ratio_max_min?: number;
}

export interface Cost {
  years: number; gpus: number; unit_cost_usd: number; price_per_kwh: number;
  capex_usd: number; capex_hw_usd: number; capex_facility_usd: number; capex_accelerators_usd: number; capex_servers_usd: number;
  capex_network_usd: number; capex_storage_usd: number; peak_it_w: number; energy_kwh_per_year: number;
  opex_usd_per_year: number; opex_electricity_usd_per_year: number; opex_maintenance_usd_per_year: number;
  opex_staff_usd_per_year: number; opex_colocation_usd_per_year: number;
  tco_usd: number; usd_per_year: number; usd_per_gpu_hour: number; cloud_usd: number;
  tokens_per_year?: number; samples_per_year?: number;
  usd_per_million_tokens?: number; cloud_usd_per_million_tokens?: number;
  usd_per_million_samples?: number; cloud_usd_per_million_samples?: number;
  usd_per_query?: number; cloud_usd_per_query?: number;
  /** Training: the cost of the run. */
  run_usd?: number; cloud_run_usd?: number;
  breakdown: { basis: string; years: number[]; categories: Array<{ name: string; total_usd: number; usd_per_year: number[] }> };
}

export interface Reliability {
  fleet_mtbf_s: number; node_mtbf_s: number; nodes: number; checkpoint_bytes: number; checkpoint_bytes_per_param: number;
  checkpoint_write_s: number; checkpoint_interval_s: number; checkpoint_interval_optimal_s: number;
  checkpoint_interval_young_s: number; goodput: number; first_order_waste: number; expected_failures: number;
  expected_lost_s: number; failure_probability: number; restart_s: number; effective_time_to_train_s: number;
  goodput_curve: Array<{ interval_s: number; goodput: number }>;
}

export interface Queueing {
  model: QueueModel; arrival_rate: number; servers: number; replicas: number; service_time_s: number; request_service_s: number;
  service_cv: number; capacity_rps: number; utilization: number; stable: boolean; p_wait: number;
  /** null when the queue is unstable (utilization ≥ 1). */
  p50_s: number | null; p99_s: number | null; mean_wait_s: number | null;
  /** With traffic.slo_p99_s. */
  slo_p99_s?: number; slo_attainment?: number; replicas_needed?: number | null; gpus_needed?: number | null;
  curve: { utilization: number[]; arrival_rate: number[]; p50_s: number[]; p99_s: number[]; slo_attainment?: number[] };
}

export interface Explain {
  quantity: string;
  equation: string;
  inputs: Record<string, number>;
  units: Record<string, string>;
  sources: Record<string, string>;
  source: string;
}

export interface Result {
  schema: 1;
  ok: true;
  mode: Mode;
  workload: Workload;
  device: DeviceSummary;
  performance: Performance;
  memory: Memory;
  /** Decoders (inference and serving). */
  serving?: Serving;
  /** Mode training. */
  training?: Training;
  reliability?: Reliability;
  /** Absent when the device lists no TDP (warning NO_TDP). */
  energy?: Energy;
  cost?: Cost;
  /** With traffic.arrival_rate (inference and serving). */
  queueing?: Queueing;
  /** When weights or the KV cache are narrower than 16 bit. */
  quantization?: Quantization;
  /** MODELS.md §M: [low, high] of each banded output present (null high: a corner has no solution). */
  bands?: Record<string, [number | null, number | null]>;
  /** MODELS.md §M: the accuracy class of each output. */
  accuracy?: Record<string, 'exact' | 'roofline' | 'composite' | 'prior'>;
  /** With scenario.calibration: the fitted parameter and what it changed. */
  calibration?: {
    metric: string; measured: number; unit?: string; predicted_before?: number; predicted_after?: number;
    parameter?: string; from?: number; to?: number; reached: boolean; note?: string;
  };
  explain: Explain[];
  warnings: string[];
}

/** Bad input never throws: it answers with the field at fault and a message. */
export interface ErrorResult {
  schema: 1;
  ok: false;
  error: { path: string; message: string };
}

// ---- Other calls ------------------------------------------------------------------------------

export type SweepField = 'batch_size' | 'seq_len' | 'output_len' | `efficiency.${keyof Efficiency & string}`;

export interface Sweep {
  ok: true;
  field: string;
  values: Float64Array;
  latency_s: Float64Array;
  throughput_per_s: Float64Array;
  arithmetic_intensity: Float64Array;
  compute_bound: Uint8Array;
  fits: Uint8Array;
  ttft_s?: Float64Array;
  itl_s?: Float64Array;
  tokens_per_s?: Float64Array;
}

/** A grid over two fields: flat row-major arrays, index = i_x · values_y.length + i_y. */
export interface Sweep2D {
  ok: true;
  field_x: string;
  field_y: string;
  values_x: Float64Array;
  values_y: Float64Array;
  latency_s: Float64Array;
  throughput_per_s: Float64Array;
  arithmetic_intensity: Float64Array;
  compute_bound: Uint8Array;
  fits: Uint8Array;
  ttft_s?: Float64Array;
  itl_s?: Float64Array;
  tokens_per_s?: Float64Array;
}

export type CollectiveOp = 'all_reduce' | 'all_gather' | 'reduce_scatter' | 'all_to_all' | 'p2p';

/** One collective on its own (MODELS.md §G). */
export interface CollectiveRequest {
  op?: CollectiveOp; bytes: Quantity; gpus?: number; stride?: number; hardware?: Name; fabric?: Name | InlineFabric;
  gpus_per_node?: number; nics_per_node?: number; algorithm?: 'auto' | 'ring' | 'tree' | 'hierarchical';
  efficiency?: { network?: number }; network?: { hop_latency_s?: number; intra_hops?: number; extra_inter_hops?: number };
}

export interface CollectiveResult {
  schema: 1;
  ok: true;
  collective: {
    op: CollectiveOp; bytes: number; gpus: number; stride: number; gpus_per_node: number; nics_per_node: number;
    n_loc: number; n_nod: number; level: string; algorithm: string; inter_algorithm: string; requested_algorithm: string;
    time_s: number; algbw_Bps: number; busbw_Bps: number; alpha_intra_s: number; beta_intra_Bps: number;
    alpha_inter_s: number; beta_inter_Bps: number; fabric: string; fabric_source: string; hardware: string;
    /** All-reduce: the time of each algorithm. */
    alternatives?: { ring_s: number; tree_s: number; hierarchical_s: number };
    source: string;
  };
}

export interface CatalogDevice {
  name: string; display_name: string; category: string; aliases: string[]; precisions: Precision[]; peak_flops: number;
  peak_precision: string; /** By precision name; some devices list variants (fp32_cuda). */
  precision_flops: Record<string, number>; memory_capacity: number;
  memory_capacity_text: string; memory_bandwidth: number; source: string; tdp?: number; dispatch_tax?: number;
}

export interface CatalogModel {
  name: string; display_name: string; kind: 'cnn' | 'decoder' | 'encoder' | 'generic'; aliases: string[]; source: string;
  params?: number; active_params?: number;
}

export interface CatalogRegion { name: string; display_name: string; carbon_intensity_g_per_kwh: number; pue: number; source: string }

export interface Catalog {
  schema: 1;
  ok: true;
  hardware: CatalogDevice[];
  models: CatalogModel[];
  regions: CatalogRegion[];
  precisions: Precision[];
  modes: Mode[];
}

export interface Mlsysim {
  solve(scenario: Scenario | string): Result | ErrorResult;
  catalog(): Catalog;
  collective(request: CollectiveRequest | string): CollectiveResult | ErrorResult;
  sweep(scenario: Scenario | string, field: SweepField, values: ArrayLike<number>): Sweep | ErrorResult;
  sweep2d(scenario: Scenario | string, fieldX: SweepField, valuesX: ArrayLike<number>, fieldY: SweepField,
    valuesY: ArrayLike<number>): Sweep2D | ErrorResult;
}

/** Emscripten module options; in Node the .wasm beside the module is read automatically. */
export interface CreateOptions {
  wasmBinary?: ArrayBuffer | Uint8Array;
  locateFile?: (path: string, prefix: string) => string;
  [key: string]: unknown;
}

export function createMlsysim(options?: CreateOptions): Promise<Mlsysim>;
