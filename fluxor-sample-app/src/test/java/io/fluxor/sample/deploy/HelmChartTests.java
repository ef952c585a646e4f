package io.fluxor.sample.deploy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import com.marcnuri.helm.TemplateCommand;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Checks the deployment files with the real tools: {@code helm lint --strict} and
 * {@code helm template} on {@code helm/fluxor} through the Helm library (no helm binary), then
 * assertions on the rendered manifests. Also keeps the observability files honest: the chart's
 * PrometheusRule carries exactly the rules of {@code observability/alerts.yml}, every rule has a
 * promtool unit test, and the dashboard and alerts only query metrics Fluxor exposes.
 */
class HelmChartTests {

	private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

	private static final Path CHART = ROOT.resolve("helm/fluxor");

	private static final Path ALERTS = ROOT.resolve("observability/alerts.yml");

	private static final Path ALERT_TESTS = ROOT.resolve("observability/alerts.test.yml");

	private static final Path CHART_ALERTS = CHART.resolve("files/alerts.yml");

	private static final Path DASHBOARD = ROOT.resolve("observability/grafana/dashboards/fluxor.json");

	/**
	 * The metric contract: Prometheus names as Micrometer exposes them from the Fluxor runtime,
	 * gateway, resilience4j and the JVM. Histograms are listed with their series suffixes.
	 */
	private static final Set<String> METRIC_CONTRACT = Set.of(
			// HTTP server and CCU backpressure
			"fluxor_http_requests_total", "fluxor_http_request_duration_seconds_bucket",
			"fluxor_http_request_duration_seconds_count", "fluxor_http_request_duration_seconds_sum",
			"fluxor_server_active_requests", "fluxor_server_queued_requests", "fluxor_server_max_ccu",
			"fluxor_server_rejected_requests_total",
			// Event loops
			"fluxor_eventloop_queue_length", "fluxor_eventloop_queue_capacity", "fluxor_eventloop_latency_seconds",
			"fluxor_eventloop_processed_messages_total", "fluxor_eventloop_rejected_total",
			"fluxor_eventloop_blocked_total",
			// Event bus and verticles
			"fluxor_eventbus_messages_total", "fluxor_eventbus_failures_total", "fluxor_eventbus_pending_replies",
			"fluxor_verticle_restarts_total", "fluxor_verticle_failed",
			// Gateway
			"fluxor_gateway_upstream_requests_total", "fluxor_gateway_upstream_duration_seconds_bucket",
			"fluxor_gateway_upstream_duration_seconds_count", "fluxor_gateway_upstream_duration_seconds_sum",
			"fluxor_cache_requests_total", "fluxor_ratelimit_rejected_total", "fluxor_retry_attempts_total",
			"resilience4j_circuitbreaker_state",
			// Pipelines
			"fluxor_pipeline_items_total", "fluxor_pipeline_clogged",
			// JVM and process
			"jvm_threads_live_threads", "jvm_memory_used_bytes", "jvm_gc_pause_seconds_bucket",
			"jvm_gc_pause_seconds_count", "jvm_gc_pause_seconds_sum", "process_cpu_usage");

	/** The alerts issue 4 asks for; alerts.yml may add more, never fewer. */
	private static final List<String> REQUIRED_ALERTS = List.of("HTTPErrorRequests", "BackpressureRejections",
			"HighErrorRate", "HighLatencyP99", "MediumLatency", "HighQueueUtilization", "HighCPU",
			"CircuitBreakerOpen", "RateLimitRejectionsSurging", "VerticleFailed", "EventLoopBlocked");

	@Nested
	class Lint {

		@Test
		void chartPassesStrictLint() {
			LintResult result = new Helm(CHART).lint().strict().call();
			assertThat(result.isFailed()).as("helm lint --strict: %s", result.getMessages()).isFalse();
		}

	}

	@Nested
	class DefaultValues {

		private final Manifests manifests = render(Map.of());

		@Test
		void rendersTheExpectedResources() {
			assertThat(manifests.kinds()).containsExactlyInAnyOrder("ServiceAccount", "ConfigMap", "Service",
					"Deployment", "HorizontalPodAutoscaler", "PodDisruptionBudget");
		}

		@Test
		void probesHitTheActuatorHealthGroupsOnTheManagementPort() {
			Map<String, Object> container = manifests.container();
			assertThat(at(container, "livenessProbe.httpGet.path")).isEqualTo("/actuator/health/liveness");
			assertThat(at(container, "livenessProbe.httpGet.port")).isEqualTo("management");
			assertThat(at(container, "readinessProbe.httpGet.path")).isEqualTo("/actuator/health/readiness");
			assertThat(at(container, "readinessProbe.httpGet.port")).isEqualTo("management");
			assertThat(at(container, "startupProbe.httpGet.path")).isEqualTo("/actuator/health/liveness");
			assertThat(at(container, "startupProbe.httpGet.port")).isEqualTo("management");
		}

		@Test
		void containerExposesGatewayAndManagementPorts() {
			assertThat(named(list(manifests.container(), "ports"), "http")).containsEntry("containerPort", 8080);
			assertThat(named(list(manifests.container(), "ports"), "management")).containsEntry("containerPort", 8081);
		}

		@Test
		void serviceExposesGatewayAndManagementPorts() {
			Map<String, Object> service = manifests.one("Service");
			assertThat(at(service, "spec.type")).isEqualTo("ClusterIP");
			assertThat(named(list(service, "spec.ports"), "http")).containsEntry("port", 8080)
				.containsEntry("targetPort", "http");
			assertThat(named(list(service, "spec.ports"), "management")).containsEntry("port", 8081)
				.containsEntry("targetPort", "management");
			assertThat(at(service, "spec.selector")).isEqualTo(at(manifests.one("Deployment"), "spec.selector.matchLabels"));
		}

		@Test
		void podRunsAsNonRootWithAReadOnlyRootFilesystemAndAWritableTmp() {
			Map<String, Object> pod = manifests.podSpec();
			assertThat(at(pod, "securityContext.runAsNonRoot")).isEqualTo(true);
			assertThat(at(pod, "securityContext.runAsUser")).isEqualTo(10001);
			assertThat(at(pod, "securityContext.seccompProfile.type")).isEqualTo("RuntimeDefault");
			assertThat(at(pod, "automountServiceAccountToken")).isEqualTo(false);
			Map<String, Object> container = manifests.container();
			assertThat(at(container, "securityContext.readOnlyRootFilesystem")).isEqualTo(true);
			assertThat(at(container, "securityContext.allowPrivilegeEscalation")).isEqualTo(false);
			assertThat(at(container, "securityContext.capabilities.drop")).isEqualTo(List.of("ALL"));
			assertThat(named(list(container, "volumeMounts"), "tmp")).containsEntry("mountPath", "/tmp");
			assertThat(named(list(pod, "volumes"), "tmp")).containsKey("emptyDir");
		}

		@Test
		void resourcesFollowThePerformanceGuide() {
			assertThat(at(manifests.container(), "resources.requests")).isEqualTo(Map.of("cpu", "2", "memory", "2Gi"));
			assertThat(at(manifests.container(), "resources.limits")).isEqualTo(Map.of("cpu", "4", "memory", "4Gi"));
		}

		@Test
		void shutdownSleepsInPreStopThenDrainsWithinTheGracePeriod() {
			assertThat(at(manifests.container(), "lifecycle.preStop.exec.command")).isEqualTo(List.of("sleep", "10"));
			// 10s preStop sleep + 30s fluxor.shutdown-timeout + 10s for the JVM to exit
			assertThat(at(manifests.podSpec(), "terminationGracePeriodSeconds")).isEqualTo(50);
			assertThat(at(manifests.applicationYml(), "fluxor.shutdown-timeout")).isEqualTo("30s");
			assertThat(at(manifests.applicationYml(), "spring.lifecycle.timeout-per-shutdown-phase")).isEqualTo("35s");
		}

		@Test
		void configMapCarriesApplicationYmlAndTheContainerLoadsIt() {
			Map<String, Object> config = manifests.applicationYml();
			assertThat(at(config, "fluxor.gateway.port")).isEqualTo(8080);
			assertThat(at(config, "management.server.port")).isEqualTo(8081);
			assertThat(at(config, "management.endpoint.health.probes.enabled")).isEqualTo(true);
			assertThat((String) at(config, "management.endpoints.web.exposure.include")).contains("health", "prometheus");
			assertThat(at(config, "management.metrics.tags.application")).isEqualTo("demo-fluxor");

			Map<String, Object> container = manifests.container();
			assertThat(named(list(container, "env"), "SPRING_CONFIG_ADDITIONAL_LOCATION"))
				.containsEntry("value", "file:/config/application.yml");
			assertThat(named(list(container, "volumeMounts"), "config")).containsEntry("mountPath", "/config");
			assertThat(at(named(list(manifests.podSpec(), "volumes"), "config"), "configMap.name"))
				.isEqualTo(at(manifests.one("ConfigMap"), "metadata.name"));
			assertThat(at(named(list(container, "env"), "MANAGEMENT_METRICS_TAGS_INSTANCE"), "valueFrom.fieldRef.fieldPath"))
				.isEqualTo("metadata.name");
		}

		@Test
		void podsRollWhenTheConfigChanges() {
			String checksum = (String) at(manifests.one("Deployment"), "spec.template.metadata.annotations.checksum/config");
			String changed = (String) at(render(Map.of("fluxor.config.fluxor.event-loop.count", 4)).one("Deployment"),
					"spec.template.metadata.annotations.checksum/config");
			assertThat(checksum).hasSize(64).isNotEqualTo(changed);
		}

		@Test
		void autoscalerKeepsThreeToTenPodsAtSeventyPercentCpu() {
			Map<String, Object> hpa = manifests.one("HorizontalPodAutoscaler");
			assertThat(at(hpa, "apiVersion")).isEqualTo("autoscaling/v2");
			assertThat(at(hpa, "spec.minReplicas")).isEqualTo(3);
			assertThat(at(hpa, "spec.maxReplicas")).isEqualTo(10);
			assertThat(at(hpa, "spec.scaleTargetRef.name")).isEqualTo(at(manifests.one("Deployment"), "metadata.name"));
			Map<String, Object> metric = list(hpa, "spec.metrics").get(0);
			assertThat(at(metric, "resource.name")).isEqualTo("cpu");
			assertThat(at(metric, "resource.target.averageUtilization")).isEqualTo(70);
			assertThat(at(manifests.one("Deployment"), "spec.replicas")).as("the HPA owns the replica count").isNull();
		}

		@Test
		void disruptionBudgetLetsOnePodGoAtATime() {
			Map<String, Object> pdb = manifests.one("PodDisruptionBudget");
			assertThat(at(pdb, "apiVersion")).isEqualTo("policy/v1");
			assertThat(at(pdb, "spec.maxUnavailable")).isEqualTo(1);
			assertThat(at(pdb, "spec.selector.matchLabels"))
				.isEqualTo(at(manifests.one("Deployment"), "spec.selector.matchLabels"));
		}

	}

	@Nested
	class CustomValues {

		@Test
		void shutdownTimeoutInMinutesStretchesTheGracePeriod() {
			Manifests manifests = render(Map.of("fluxor.shutdownTimeout", "2m", "fluxor.preStopSleepSeconds", 5));
			assertThat(at(manifests.podSpec(), "terminationGracePeriodSeconds")).isEqualTo(5 + 120 + 10);
			assertThat(at(manifests.container(), "lifecycle.preStop.exec.command")).isEqualTo(List.of("sleep", "5"));
			assertThat(at(manifests.applicationYml(), "fluxor.shutdown-timeout")).isEqualTo("2m");
		}

		@Test
		void shutdownTimeoutWithoutAUnitIsRefused() {
			assertThatThrownBy(() -> render(Map.of("fluxor.shutdownTimeout", 30)))
				.hasMessageContaining("fluxor.shutdownTimeout must be a duration with a unit");
		}

		@Test
		void userConfigIsMergedButCannotMoveThePortsTheProbesUse() {
			Manifests manifests = render(Map.of("fluxor.config.fluxor.event-loop.count", 4,
					"fluxor.config.management.server.port", 9999, "fluxor.managementPort", 9090));
			Map<String, Object> config = manifests.applicationYml();
			assertThat(at(config, "fluxor.event-loop.count")).isEqualTo(4);
			assertThat(at(config, "fluxor.gateway.port")).isEqualTo(8080);
			assertThat(at(config, "management.server.port")).isEqualTo(9090);
			assertThat(named(list(manifests.container(), "ports"), "management")).containsEntry("containerPort", 9090);
		}

		@Test
		void withoutAutoscalingTheDeploymentSetsTheReplicaCount() {
			Manifests manifests = render(Map.of("autoscaling.enabled", false, "replicaCount", 4));
			assertThat(manifests.kinds()).doesNotContain("HorizontalPodAutoscaler");
			assertThat(at(manifests.one("Deployment"), "spec.replicas")).isEqualTo(4);
		}

		@Test
		void disruptionBudgetCanUseMinAvailableOrBeTurnedOff() {
			Manifests minAvailable = render(Map.of("podDisruptionBudget.maxUnavailable", "", "podDisruptionBudget.minAvailable", 2));
			Map<String, Object> pdb = minAvailable.one("PodDisruptionBudget");
			assertThat(at(pdb, "spec.minAvailable")).isEqualTo(2);
			assertThat(at(pdb, "spec.maxUnavailable")).isNull();
			assertThat(render(Map.of("podDisruptionBudget.enabled", false)).kinds()).doesNotContain("PodDisruptionBudget");
			assertThatThrownBy(() -> render(Map.of("podDisruptionBudget.minAvailable", 2)))
				.hasMessageContaining("not both");
		}

		@Test
		void topologySpreadConstraintsSelectThisReleasesPods() {
			Manifests manifests = render(Map.of("topologySpreadConstraints[0].maxSkew", 1,
					"topologySpreadConstraints[0].topologyKey", "topology.kubernetes.io/zone",
					"topologySpreadConstraints[0].whenUnsatisfiable", "ScheduleAnyway"));
			Map<String, Object> constraint = list(manifests.podSpec(), "topologySpreadConstraints").get(0);
			assertThat(constraint).containsEntry("maxSkew", 1).containsEntry("topologyKey", "topology.kubernetes.io/zone");
			assertThat(at(constraint, "labelSelector.matchLabels"))
				.isEqualTo(at(manifests.one("Deployment"), "spec.selector.matchLabels"));
		}

		@Test
		void serviceMonitorScrapesTheManagementPortWhenEnabled() {
			Manifests manifests = render(Map.of("serviceMonitor.enabled", true, "serviceMonitor.labels.release", "kube-prometheus"));
			Map<String, Object> monitor = manifests.one("ServiceMonitor");
			assertThat(at(monitor, "apiVersion")).isEqualTo("monitoring.coreos.com/v1");
			assertThat(at(monitor, "metadata.labels.release")).isEqualTo("kube-prometheus");
			Map<String, Object> endpoint = list(monitor, "spec.endpoints").get(0);
			assertThat(endpoint).containsEntry("port", "management")
				.containsEntry("path", "/actuator/prometheus")
				.containsEntry("honorLabels", true);
			assertThat(at(monitor, "spec.selector.matchLabels")).isEqualTo(at(manifests.one("Service"), "spec.selector"));
		}

		@Test
		void prometheusRuleCarriesTheObservabilityAlertsWhenEnabled() throws IOException {
			Manifests manifests = render(Map.of("prometheusRule.enabled", true));
			Map<String, Object> rule = manifests.one("PrometheusRule");
			assertThat(at(rule, "apiVersion")).isEqualTo("monitoring.coreos.com/v1");
			assertThat(at(rule, "spec.groups")).isEqualTo(at(yaml(ALERTS), "groups"));
		}

		@Test
		void operatorResourcesAreOffByDefault() {
			assertThat(render(Map.of()).kinds()).doesNotContain("ServiceMonitor", "PrometheusRule");
		}

	}

	@Nested
	class ObservabilityContract {

		@Test
		void chartAlertsAreACopyOfTheObservabilityAlerts() throws IOException {
			assertThat(Files.mismatch(ALERTS, CHART_ALERTS))
				.as("helm/fluxor/files/alerts.yml must be a copy of observability/alerts.yml")
				.isEqualTo(-1L);
			assertThat(rules(yaml(CHART_ALERTS))).isEqualTo(rules(yaml(ALERTS)));
		}

		@Test
		void alertsCoverTheIssueAndEveryAlertHasAUnitTest() throws IOException {
			Set<String> alerts = rules(yaml(ALERTS)).keySet();
			assertThat(alerts).containsAll(REQUIRED_ALERTS);
			Set<String> tested = new TreeSet<>();
			for (Map<String, Object> test : list(yaml(ALERT_TESTS), "tests")) {
				for (Map<String, Object> ruleTest : list(test, "alert_rule_test")) {
					tested.add((String) ruleTest.get("alertname"));
				}
			}
			assertThat(tested).containsExactlyInAnyOrderElementsOf(alerts);
		}

		@Test
		void dashboardHasTheThirteenCorePanelsThenTheGatewayRow() throws IOException {
			JsonNode panels = new ObjectMapper().readTree(DASHBOARD.toFile()).get("panels");
			List<String> core = new ArrayList<>();
			List<String> gateway = new ArrayList<>();
			List<String> current = core;
			for (JsonNode panel : panels) {
				if ("row".equals(panel.get("type").asText())) {
					current = "Gateway".equals(panel.get("title").asText()) ? gateway : new ArrayList<>();
					continue;
				}
				current.add(panel.get("title").asText());
			}
			assertThat(core).containsExactly("RPS", "JVM Live Threads", "Heap Used", "GC Pause (p99)", "CPU (share of the machine)",
					"Event Loop Processed", "Request Rate", "Latency (p50/p95/p99)", "Memory", "Threads", "GC Duration",
					"Event Loop Queue Length", "Event Loop Avg Latency");
			assertThat(gateway).containsExactly("Upstream Latency (p95/p99)", "Cache Hit Ratio",
					"Circuit Breaker States", "Rate-limit Rejections", "Retries");
		}

		@Test
		void dashboardAndAlertsOnlyQueryContractMetrics() throws IOException {
			Map<String, String> expressions = new LinkedHashMap<>();
			for (JsonNode panel : new ObjectMapper().readTree(DASHBOARD.toFile()).get("panels")) {
				for (JsonNode target : panel.path("targets")) {
					expressions.put("panel '" + panel.get("title").asText() + "' " + target.get("refId").asText(),
							target.get("expr").asText());
				}
			}
			rules(yaml(ALERTS)).forEach((name, rule) -> expressions.put("alert " + name, (String) rule.get("expr")));
			assertThat(expressions).hasSizeGreaterThan(REQUIRED_ALERTS.size());
			Set<String> used = new TreeSet<>();
			expressions.forEach((where, expr) -> {
				Set<String> metrics = metricNames(expr);
				assertThat(metrics).as("metrics of %s: %s", where, expr).isNotEmpty();
				assertThat(METRIC_CONTRACT).as("metrics of %s: %s", where, expr).containsAll(metrics);
				used.addAll(metrics);
			});
			assertThat(used).contains("fluxor_http_requests_total", "fluxor_eventloop_queue_length",
					"jvm_threads_live_threads", "resilience4j_circuitbreaker_state");
		}

		@Test
		void metricNameExtractionSkipsFunctionsLabelsAndKeywords() {
			assertThat(metricNames("sum by (application, le) (rate(a_total{status=~\"5..\", x=\"$y\"}[$__rate_interval]))"
					+ " / on (instance) group_left b > 0.8 and c_total offset 5m"))
				.containsExactlyInAnyOrder("a_total", "b", "c_total");
		}

	}

	private static final Pattern IDENTIFIER = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");

	private static final Set<String> PROMQL_KEYWORDS = Set.of("by", "without", "on", "ignoring", "group_left",
			"group_right", "and", "or", "unless", "bool", "offset");

	/**
	 * Metric names referenced by a PromQL expression: identifiers left once strings, label
	 * matchers, range selectors, grouping clauses, function calls and keywords are removed.
	 */
	static Set<String> metricNames(String expr) {
		String stripped = expr.replaceAll("\"(\\\\.|[^\"\\\\])*\"", "\"\"")
			.replaceAll("\\{[^}]*}", " ")
			.replaceAll("\\[[^]]*]", " ")
			.replaceAll("\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)", " ")
			.replaceAll("\\b\\d+(\\.\\d+)?(ms|s|m|h|d|w|y)\\b", " ");
		Set<String> names = new LinkedHashSet<>();
		Matcher matcher = IDENTIFIER.matcher(stripped);
		while (matcher.find()) {
			String token = matcher.group();
			boolean isCall = stripped.substring(matcher.end()).stripLeading().startsWith("(");
			if (!isCall && !PROMQL_KEYWORDS.contains(token)) {
				names.add(token);
			}
		}
		return names;
	}

	private static Manifests render(Map<String, Object> values) {
		TemplateCommand template = new Helm(CHART).template().withName("demo").withNamespace("shop");
		values.forEach(template::set);
		return new Manifests(template.call());
	}

	private static Map<String, Map<String, Object>> rules(Map<String, Object> alertsFile) {
		Map<String, Map<String, Object>> rules = new LinkedHashMap<>();
		for (Map<String, Object> group : list(alertsFile, "groups")) {
			for (Map<String, Object> rule : list(group, "rules")) {
				assertThat(rules.put((String) rule.get("alert"), rule)).as("duplicate alert %s", rule.get("alert")).isNull();
			}
		}
		return rules;
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> yaml(Path file) throws IOException {
		return (Map<String, Object>) new Yaml().load(Files.readString(file));
	}

	/** Walks a dotted path through nested maps; {@code null} when a step is missing. */
	@SuppressWarnings("unchecked")
	static Object at(Object node, String path) {
		Object current = node;
		for (String key : path.split("\\.")) {
			if (!(current instanceof Map)) {
				return null;
			}
			current = ((Map<String, Object>) current).get(key);
		}
		return current;
	}

	@SuppressWarnings("unchecked")
	static List<Map<String, Object>> list(Object node, String path) {
		Object value = at(node, path);
		assertThat(value).as(path).isInstanceOf(List.class);
		return (List<Map<String, Object>>) value;
	}

	static Map<String, Object> named(List<Map<String, Object>> items, String name) {
		return items.stream()
			.filter((item) -> name.equals(item.get("name")))
			.findFirst()
			.orElseThrow(() -> new AssertionError("no entry named " + name + " in " + items));
	}

	/** The documents of one {@code helm template} run. */
	static final class Manifests {

		private final List<Map<String, Object>> documents = new ArrayList<>();

		@SuppressWarnings("unchecked")
		Manifests(String rendered) {
			for (Object document : new Yaml().loadAll(rendered)) {
				if (document != null) {
					this.documents.add((Map<String, Object>) document);
				}
			}
		}

		List<String> kinds() {
			return this.documents.stream().map((document) -> (String) document.get("kind")).collect(Collectors.toList());
		}

		Map<String, Object> one(String kind) {
			List<Map<String, Object>> matching = this.documents.stream()
				.filter((document) -> kind.equals(document.get("kind")))
				.toList();
			assertThat(matching).as("rendered %s", kind).hasSize(1);
			return matching.get(0);
		}

		@SuppressWarnings("unchecked")
		Map<String, Object> podSpec() {
			return (Map<String, Object>) at(one("Deployment"), "spec.template.spec");
		}

		Map<String, Object> container() {
			return named(list(podSpec(), "containers"), "fluxor");
		}

		@SuppressWarnings("unchecked")
		Map<String, Object> applicationYml() {
			String text = (String) ((Map<String, Object>) at(one("ConfigMap"), "data")).get("application.yml");
			assertThat(text).as("ConfigMap data application.yml").isNotBlank();
			return (Map<String, Object>) new Yaml().load(text);
		}

	}

}
