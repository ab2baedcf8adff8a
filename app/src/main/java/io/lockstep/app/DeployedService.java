package io.lockstep.app;

import io.lockstep.edge.service.ServiceVerticle;

/** A service whose verticle is deployed in this process: its name, the verticle, and its deployment id. */
record DeployedService(String name, ServiceVerticle verticle, String deploymentId) {}
