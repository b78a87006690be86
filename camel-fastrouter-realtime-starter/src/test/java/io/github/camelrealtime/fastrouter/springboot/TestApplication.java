package io.github.camelrealtime.fastrouter.springboot;

import org.springframework.boot.autoconfigure.SpringBootApplication;

/** A plain Spring Boot application: the starter's auto-configuration and the tests' routes are all it has. */
@SpringBootApplication
public class TestApplication {
}
