package io.fluxor.autoconfigure.eventloop;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;

/**
 * The annotated number must be a positive power of two, as ring buffer sizes must.
 */
@Documented
@Constraint(validatedBy = PowerOfTwo.Validator.class)
@Target({ ElementType.FIELD, ElementType.PARAMETER })
@Retention(RetentionPolicy.RUNTIME)
public @interface PowerOfTwo {

	/**
	 * Returns the message of a violation.
	 * @return the message
	 */
	String message() default "must be a power of 2";

	/**
	 * Returns the validation groups.
	 * @return the groups
	 */
	Class<?>[] groups() default {};

	/**
	 * Returns the payload.
	 * @return the payload
	 */
	Class<? extends Payload>[] payload() default {};

	/** Checks the constraint. */
	class Validator implements ConstraintValidator<PowerOfTwo, Integer> {

		@Override
		public boolean isValid(Integer value, ConstraintValidatorContext context) {
			return value == null || (value > 0 && Integer.bitCount(value) == 1);
		}

	}

}
