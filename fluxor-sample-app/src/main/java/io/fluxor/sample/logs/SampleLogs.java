package io.fluxor.sample.logs;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;

/**
 * Copies the {@code sample-logs/} tree shipped on the class path to a directory, so that the
 * pipeline walks real files and directories whether the sample runs from the IDE, Maven or
 * {@code java -jar} (where the tree is inside the jar).
 */
public final class SampleLogs {

	/** Class-path folder of the shipped log tree. */
	public static final String LOCATION = "sample-logs/";

	private SampleLogs() {
	}

	/**
	 * Copies the shipped tree.
	 * @param target the directory to copy into, created if missing
	 * @return the number of files copied
	 * @throws IOException if a file cannot be read or written
	 */
	public static int copyTo(Path target) throws IOException {
		PathMatchingResourcePatternResolver resolver = new PathMatchingResourcePatternResolver();
		int copied = 0;
		for (Resource resource : resolver.getResources("classpath*:" + LOCATION + "**/*.log")) {
			String url = resource.getURL().toString();
			String relative = url.substring(url.lastIndexOf(LOCATION) + LOCATION.length());
			Path file = target.resolve(relative).normalize();
			if (!file.startsWith(target)) {
				throw new IOException("Refusing to copy " + url + " outside " + target);
			}
			Files.createDirectories(file.getParent());
			try (InputStream in = resource.getInputStream()) {
				Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
			}
			copied++;
		}
		return copied;
	}

}
