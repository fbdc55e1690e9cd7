"""Training: the learned parts' trainers, kept out of the runtime packages.

Trainers read gold data (through the eval package's loaders) and write models as
data into `knowledge/`. Nothing under `newsledger.extract` imports from here.
"""
