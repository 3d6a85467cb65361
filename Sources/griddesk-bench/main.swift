import CSQLite
print("bench")
