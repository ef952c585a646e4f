package io.fluxor.sample.demo;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Settings of the sample's in-process demo upstreams ({@code fluxor.demo.upstreams.*}).
 */
@ConfigurationProperties(DemoUpstreamsProperties.PREFIX)
public class DemoUpstreamsProperties {

	/** The prefix of these properties. */
	public static final String PREFIX = "fluxor.demo.upstreams";

	/**
	 * Whether to start the demo upstreams with the application.
	 */
	private boolean enabled = true;

	/**
	 * Port of the first upstream (fast); the others follow it: slow +1, faulty +2, echo +3, fast-2
	 * +4. 0 picks a free port for each.
	 */
	private int basePort = 9001;

	/**
	 * Time the slow upstream waits before it answers.
	 */
	private Duration slowDelay = Duration.ofMillis(800);

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public int getBasePort() {
		return this.basePort;
	}

	public void setBasePort(int basePort) {
		this.basePort = basePort;
	}

	public Duration getSlowDelay() {
		return this.slowDelay;
	}

	public void setSlowDelay(Duration slowDelay) {
		this.slowDelay = slowDelay;
	}

}
