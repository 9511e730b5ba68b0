package io.terrarium.config.internal;

import java.util.Set;

/**
 * What a scan of one collector bundle's folder found.
 *
 * @param result     its jobs, and problems and notes already naming the bundle
 * @param claims     the module names it runs (python.d modules and DataKit scripts): no later collector bundle may
 *                   run a module of the same name while this one is deployed
 * @param waitingFor ids of other collector bundles whose modules kept some of this one's from running: scan again
 *                   when one of them goes
 */
record CollectorScan(ScanResult result, Set<String> claims, Set<Long> waitingFor) {

    CollectorScan {
        claims = Set.copyOf(claims);
        waitingFor = Set.copyOf(waitingFor);
    }
}
