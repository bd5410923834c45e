package dev.mkddi.io;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;

/**
 * A Jazzer fuzz target for a reader. Under {@code mvn verify} it runs once per committed seed (the
 * files under {@code src/test/resources/<package>/<TestClass>Inputs/<method>/}) and on the empty
 * input; with {@code -Pfuzz} it fuzzes for {@code fuzz.duration} ({@code jazzer.max_duration}). The
 * timeout is a hang guard, not a speed target: a single input of a few KB that takes this long is a
 * finding (in fuzzing mode Jazzer turns it into libFuzzer's {@code -timeout}).
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@FuzzTest(maxDuration = "10m")
@Timeout(value = 20, unit = TimeUnit.SECONDS)
public @interface ReaderFuzzTest {}
