package io.fluxor.sample;

import java.util.Map;

import io.fluxor.autoconfigure.verticle.Verticle;
import io.fluxor.gateway.HttpRequestMessage;
import io.fluxor.gateway.HttpResponseMessage;
import io.fluxor.verticle.Consume;

/**
 * Serves {@code POST /api/echo}: answers with the request body and its content type, over the
 * event bus, on the verticle's event loop.
 */
@Verticle(name = "echo", instances = 2)
public class EchoVerticle {

	@Consume("api.echo")
	HttpResponseMessage echo(HttpRequestMessage request) {
		String contentType = request.header("content-type");
		return new HttpResponseMessage(200,
				Map.of("content-type", (contentType != null) ? contentType : HttpResponseMessage.APPLICATION_OCTET_STREAM),
				request.body());
	}

}
