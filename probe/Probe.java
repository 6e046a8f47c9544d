package dev.hark.infrastructure.client;

import java.nio.ByteBuffer;
import java.util.*;
import java.util.concurrent.*;

public class Probe {
    public static void main(String[] a) throws Exception {
        Map<String, Integer> seen = new TreeMap<>();
        for (int i = 0; i < 40; i++) {
            try (ScriptedStreamServer server = new ScriptedStreamServer(new ScriptedStreamServer.Script() {
                @Override
                public void onBinary(ScriptedStreamServer.Peer peer, int frameIndex, ByteBuffer frame) {
                    if (frameIndex == 2) {
                        peer.send("{\"type\":\"error\",\"code\":\"PROVIDER_ERROR\",\"message\":\"x\"}");
                        peer.close(Integer.parseInt(a[0]), "PROVIDER_ERROR");
                    }
                }
            }); HarkStreamClient client = HarkStreamClient.start(new StreamTarget(server.endpoint(), 16000, 1, false, "en"),
                    ClientSettings.defaults(), ResumePolicy.never(), e -> { })) {
                try {
                    client.stream(new WavAudio(16000, 1, new byte[12800]), FramePacer.unpaced()).get(10, TimeUnit.SECONDS);
                    seen.merge("success", 1, Integer::sum);
                } catch (ExecutionException e) {
                    seen.merge(e.getCause().getMessage(), 1, Integer::sum);
                }
            }
        }
        System.out.println(seen);
    }
}
