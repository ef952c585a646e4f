package io.fluxor.autoconfigure.docs;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Keeps {@code docs/configuration-properties.md} equal to the configuration metadata the build
 * generates, and every property described. Run with {@code -Dfluxor.docs.update=true} to rewrite the
 * page after changing a property.
 */
class ConfigurationPropertiesDocumentationTests {

	private static final Path METADATA = Path.of("target/classes/META-INF/spring-configuration-metadata.json");

	private static final Path PAGE = Path.of("../docs/configuration-properties.md");

	@Test
	void everyPropertyHasADescription() throws IOException {
		assertThat(properties()).allSatisfy((property) -> assertThat(property.path("description").asText())
			.as(property.path("name").asText())
			.isNotBlank());
	}

	@Test
	void theReferencePageMatchesTheMetadata() throws IOException {
		String expected = render(properties());
		if (Boolean.getBoolean("fluxor.docs.update")) {
			Files.writeString(PAGE, expected, StandardCharsets.UTF_8);
		}
		assertThat(PAGE).as("docs/configuration-properties.md is stale: run "
				+ "./mvnw -pl fluxor-spring-boot-autoconfigure test -Dtest=ConfigurationPropertiesDocumentationTests "
				+ "-Dfluxor.docs.update=true")
			.exists();
		assertThat(Files.readString(PAGE, StandardCharsets.UTF_8)).isEqualTo(expected);
	}

	private static List<JsonNode> properties() throws IOException {
		JsonNode metadata = new ObjectMapper().readTree(METADATA.toFile());
		List<JsonNode> properties = new ArrayList<>();
		metadata.path("properties").forEach(properties::add);
		properties.sort(Comparator.comparing((JsonNode property) -> property.path("name").asText()));
		return properties;
	}

	private static String render(List<JsonNode> properties) {
		StringBuilder page = new StringBuilder();
		page.append("# Configuration properties\n\n");
		page.append("Generated from the configuration metadata by `ConfigurationPropertiesDocumentationTests`; ")
			.append("do not edit by hand.\n\n");
		page.append("| Property | Default | Description |\n|---|---|---|\n");
		for (JsonNode property : properties) {
			JsonNode defaultValue = property.path("defaultValue");
			String shown = defaultValue.isMissingNode() || defaultValue.isNull() ? ""
					: "`" + (defaultValue.isContainerNode() ? defaultValue.toString() : defaultValue.asText()) + "`";
			page.append("| `")
				.append(property.path("name").asText())
				.append("` | ")
				.append(shown)
				.append(" | ")
				.append(property.path("description").asText().replace("\n", " ").replace("|", "\\|"))
				.append(" |\n");
		}
		return page.toString();
	}

}
