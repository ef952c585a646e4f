{{/*
Chart name, overridable with nameOverride; 63 characters at most (DNS label).
*/}}
{{- define "fluxor.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/*
Full resource name: fullnameOverride, or the release name with the chart name appended unless the
release name already contains it.
*/}}
{{- define "fluxor.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{/*
Chart name and version, for the helm.sh/chart label.
*/}}
{{- define "fluxor.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/*
Labels on every resource.
*/}}
{{- define "fluxor.labels" -}}
helm.sh/chart: {{ include "fluxor.chart" . }}
{{ include "fluxor.selectorLabels" . }}
app.kubernetes.io/version: {{ .Values.image.tag | default .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: fluxor
{{- end }}

{{/*
Labels that select the pods; never change them after the first install (selectors are immutable).
*/}}
{{- define "fluxor.selectorLabels" -}}
app.kubernetes.io/name: {{ include "fluxor.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{/*
Name of the ServiceAccount the pods run as.
*/}}
{{- define "fluxor.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "fluxor.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- default "default" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{/*
fluxor.shutdownTimeout in whole seconds (rounded up). It accepts the Spring Boot duration forms
with a unit (1500ms, 30s, 2m); a bare number is refused because Spring would read it as
milliseconds while Kubernetes reads seconds.
*/}}
{{- define "fluxor.shutdownTimeoutSeconds" -}}
{{- $raw := toString .Values.fluxor.shutdownTimeout | trim }}
{{- if regexMatch "^[0-9]+ms$" $raw }}
{{- div (add (trimSuffix "ms" $raw | atoi) 999) 1000 }}
{{- else if regexMatch "^[0-9]+s$" $raw }}
{{- trimSuffix "s" $raw | atoi }}
{{- else if regexMatch "^[0-9]+m$" $raw }}
{{- mul (trimSuffix "m" $raw | atoi) 60 }}
{{- else }}
{{- fail (printf "fluxor.shutdownTimeout must be a duration with a unit such as 1500ms, 30s or 2m, got %q" $raw) }}
{{- end }}
{{- end }}

{{/*
terminationGracePeriodSeconds: the preStop sleep, then Fluxor's drain, then time for the JVM to
exit. Kubernetes kills the container when it runs out, so it must cover all three.
*/}}
{{- define "fluxor.terminationGracePeriodSeconds" -}}
{{- add (int .Values.fluxor.preStopSleepSeconds) (include "fluxor.shutdownTimeoutSeconds" . | int) (int .Values.fluxor.terminationGraceExtraSeconds) }}
{{- end }}

{{/*
The settings the chart relies on (ports, probes, shutdown, metrics tags); they override
fluxor.config when the two are merged into application.yml.
*/}}
{{- define "fluxor.managedConfig" -}}
fluxor:
  shutdown-timeout: {{ .Values.fluxor.shutdownTimeout | toString | quote }}
  gateway:
    port: {{ .Values.fluxor.gatewayPort }}
management:
  server:
    port: {{ .Values.fluxor.managementPort }}
  endpoints:
    web:
      exposure:
        include: health,info,prometheus,fluxor
  endpoint:
    health:
      probes:
        enabled: true
  metrics:
    tags:
      application: {{ .Values.fluxor.applicationTag | default (include "fluxor.fullname" .) | quote }}
spring:
  lifecycle:
    # Each shutdown phase may take as long as Fluxor's own drain, plus a little.
    timeout-per-shutdown-phase: {{ printf "%ds" (add (include "fluxor.shutdownTimeoutSeconds" . | int) 5) | quote }}
{{- end }}
