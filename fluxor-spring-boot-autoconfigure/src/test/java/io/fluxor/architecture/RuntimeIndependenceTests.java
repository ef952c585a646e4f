package io.fluxor.architecture;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/**
 * Keeps the runtime usable without Spring: only the auto-configuration packages may depend on it,
 * and the runtime never depends on its own Spring glue.
 */
class RuntimeIndependenceTests {

	private static final String[] RUNTIME_PACKAGES = { "io.fluxor.eventloop..", "io.fluxor.eventbus..",
			"io.fluxor.verticle..", "io.fluxor.gateway..", "io.fluxor.pipeline..", "io.fluxor.metrics..",
			"io.fluxor.support.." };

	private final JavaClasses classes = new ClassFileImporter()
		.withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
		.importPackages("io.fluxor");

	@Test
	void runtimePackagesDoNotDependOnSpring() {
		noClasses().that()
			.resideInAnyPackage(RUNTIME_PACKAGES)
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage("org.springframework..")
			.check(this.classes);
	}

	@Test
	void runtimePackagesDoNotDependOnTheAutoConfiguration() {
		noClasses().that()
			.resideInAnyPackage(RUNTIME_PACKAGES)
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage("io.fluxor.autoconfigure..")
			.check(this.classes);
	}

}
