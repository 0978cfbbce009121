print("nns")
