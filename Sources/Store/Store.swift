import Crypto

public enum StoreModule {}
