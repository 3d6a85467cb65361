import Domain
public enum WorkbenchModule {}
