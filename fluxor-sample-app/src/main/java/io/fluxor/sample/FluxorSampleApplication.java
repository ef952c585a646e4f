package io.fluxor.sample;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * The Fluxor demo: verticles behind the gateway on port 8080, Actuator on 8081, and in-process
 * demo upstreams for the gateway routes.
 */
@SpringBootApplication
public class FluxorSampleApplication {

	public static void main(String[] args) {
		SpringApplication.run(FluxorSampleApplication.class, args);
	}

}
