package io.fluxor.autoconfigure.gateway;

import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.config.ConfigurableBeanFactory;
import org.springframework.util.ClassUtils;

/**
 * The class loader the gateway's auto-configuration asks whether an optional library (Caffeine,
 * resilience4j, ...) is present: the bean factory's, so that the answer matches what the
 * application can load.
 */
final class BeanClassLoader {

	private BeanClassLoader() {
	}

	static ClassLoader of(BeanFactory beanFactory) {
		return (beanFactory instanceof ConfigurableBeanFactory configurable) ? configurable.getBeanClassLoader()
				: ClassUtils.getDefaultClassLoader();
	}

}
