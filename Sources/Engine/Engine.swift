import Domain
import Store

public enum EngineModule {}
