// Licensed under the MIT License.
package io.github.openaipolicies.it.support;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.github.openaipolicies.testkit.implementation.SimulatorTls;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

/**
 * A plain WireMock server for stubs of other services: HTTPS only, on a dynamic port of 127.0.0.1, presenting the
 * simulator's certificate, so the simulator's HTTP clients ({@code SimulatorHttpClients}) trust it.
 */
public final class LoopbackTlsWireMock {
    private LoopbackTlsWireMock() {
    }

    /**
     * Starts a server.
     *
     * @return the started server; stop it when done
     */
    public static WireMockServer start() {
        WireMockServer server = new WireMockServer(options()
            .httpDisabled(true)
            .dynamicHttpsPort()
            .bindAddress("127.0.0.1")
            .keystorePath(SimulatorTls.keystorePath())
            .keystorePassword(SimulatorTls.keystorePassword())
            .keyManagerPassword(SimulatorTls.keyManagerPassword())
            .keystoreType(SimulatorTls.keystoreType()));
        server.start();
        return server;
    }
}
